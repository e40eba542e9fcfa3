/**
 * The JSON-object body of a request to a reference SUT's own HTTP API (the standalone station's control API,
 * a reference CSMS's operator API): at most `maxBytes`, empty → {}, anything but a JSON object rejected with a
 * JsonBodyError naming the problem (the caller answers 400).
 */
import type { IncomingMessage } from 'node:http';

export class JsonBodyError extends Error {}

export function readJsonObject(req: IncomingMessage, maxBytes: number, tooLarge: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > maxBytes) reject(new JsonBodyError(tooLarge));
    });
    req.on('end', () => {
      if (text.trim() === '') return resolve({});
      try {
        const v = JSON.parse(text) as unknown;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return reject(new JsonBodyError('body must be a JSON object'));
        resolve(v as Record<string, unknown>);
      } catch {
        reject(new JsonBodyError('body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}
