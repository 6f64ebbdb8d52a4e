/**
 * The browser side of the GraphQL IDE (issue 14): GraphiQL with its schema documentation, history, header editor
 * and the explorer plugin, opened on the README's example operations. Bundled at build time by
 * scripts/build-ide.js and served by the gateway itself (gateway/graphql-ide.ts): nothing is loaded from elsewhere.
 * What the page needs (the endpoint, the examples, the worker files) comes in the page as a JSON block.
 */
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { createRoot } from 'react-dom/client';
import '@graphiql/plugin-explorer/style.css';
import 'graphiql/style.css';
import './page.css';
import { storageWithoutHeaders } from './storage-without-headers';

interface PageConfig {
  endpoint: string;
  /** Monaco's web workers, by label (`editorWorkerService` for the rest), as same-origin URLs. */
  workers: { editor: string; json: string; graphql: string };
  examples: { name: string; query: string }[];
}

const config = JSON.parse(document.getElementById('mpi-ide-config')!.textContent!) as PageConfig;

// Monaco asks for its workers by label; they are files of the same bundle, on the same origin (CSP worker-src 'self').
(globalThis as { MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker } }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    const url =
      label === 'json' ? config.workers.json : label === 'graphql' ? config.workers.graphql : config.workers.editor;
    return new Worker(url);
  },
};

// A plain JSON POST to the same origin: Apollo Server's CSRF prevention lets it through, and no CORS is involved.
const fetcher = createGraphiQLFetcher({ url: config.endpoint });
// History first (GraphiQL's default, which a plugins list replaces), then the explorer; the documentation is built in.
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

createRoot(document.getElementById('mpi-ide')!).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={plugins}
    defaultTabs={config.examples.map((example) => ({ query: example.query }))}
    // A token typed into the header editor stays in this tab: never written to the browser's storage, history included.
    shouldPersistHeaders={false}
    storage={storageWithoutHeaders}
    defaultEditorToolsVisibility="headers"
  />,
);
