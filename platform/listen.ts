/** Puts a server of the platform on its port: a clear error when the port is taken, and a stop that ends open connections. */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** The GraphQL endpoint's address, with the port the system gave when 0 was asked. */
  url: string;
  close(): Promise<void>;
}

export async function listen(server: http.Server, host: string, port: number, name: string): Promise<Listening> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `The ${name} cannot listen on ${host}:${port}: the port is taken by another program.`
            : `The ${name} cannot listen on ${host}:${port}: ${error.message}`,
        ),
      );
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
