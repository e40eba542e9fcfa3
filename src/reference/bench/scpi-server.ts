/**
 * A small SCPI-over-TCP server (raw socket, one command per line, LF or CRLF): `answer(command)` returns the
 * reply line of a query or `undefined` for a header it does not know — then, like a real instrument, it sends
 * nothing and queues error -113 "Undefined header", which `SYSTem:ERRor?` reports (0,"No error" when empty).
 * `silence(true)`: commands are read and never answered (an instrument that stopped answering).
 */
import net from 'node:net';

export interface ScpiServer {
  host: string;
  port: number;
  silence(on: boolean): void;
  close(): Promise<void>;
}

export async function startScpiServer(answer: (command: string) => string | undefined, opts: { host?: string; port?: number } = {}): Promise<ScpiServer> {
  const host = opts.host ?? '127.0.0.1';
  let silent = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const errors: string[] = [];
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const command = buffer.slice(0, nl).replace(/\r$/, '').trim();
        buffer = buffer.slice(nl + 1);
        if (silent || command === '') continue;
        let reply: string | undefined;
        if (/^:?SYST(em)?:ERR(or)?(:NEXT)?\?$/i.test(command)) reply = errors.shift() ?? '0,"No error"';
        else reply = answer(command);
        if (reply === undefined) {
          if (errors.length < 16) errors.push('-113,"Undefined header"');
        } else if (command.includes('?')) socket.write(`${reply}\n`); // a query (header ends in '?', parameters may follow)
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host,
    port,
    silence(on: boolean) {
      silent = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
