/** Secrets the embedded default makes for itself on first start, once per DATA_DIR, shared by all processes. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const cache = new Map<string, Promise<string>>();

/** The file's content, creating it atomically with `create()` if it does not exist yet. */
export function readOrCreate(file: string, create: () => Promise<string>): Promise<string> {
  let content = cache.get(file);
  if (!content) {
    content = (async () => {
      if (!fs.existsSync(file)) {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        const temporary = `${file}.${process.pid}.${crypto.randomUUID()}`;
        fs.writeFileSync(temporary, await create(), { mode: 0o600 });
        try {
          fs.linkSync(temporary, file); // atomic: if another process won the race, keep its file
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        } finally {
          fs.unlinkSync(temporary);
        }
      }
      return fs.readFileSync(file, 'utf8');
    })();
    cache.set(file, content);
  }
  return content;
}
