/**
 * What the simulated instruments share: a TCP server on loopback (port chosen by the OS unless given) that hands
 * each connection to the instrument's protocol, a silence switch the protocol consults (an instrument that
 * stopped answering), and a close that drops every connection.
 */
import net from 'node:net';

export interface SimulatedInstrument {
  host: string;
  port: number;
  /** Stop (true) or resume (false) answering. */
  silence(on: boolean): void;
  close(): Promise<void>;
}

export async function listenInstrument(serve: (socket: net.Socket, silent: () => boolean) => void, opts: { host?: string; port?: number } = {}): Promise<SimulatedInstrument> {
  const host = opts.host ?? '127.0.0.1';
  let silent = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serve(socket, () => silent);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
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
