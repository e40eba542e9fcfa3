/**
 * A small SCPI-over-TCP server (raw socket, one command per line, LF or CRLF): `answer(command)` returns the
 * reply line of a query or `undefined` for a header it does not know — then, like a real instrument, it sends
 * nothing and queues error -113 "Undefined header", which `SYSTem:ERRor?` reports (0,"No error" when empty).
 * `silence(true)`: commands are read and never answered (an instrument that stopped answering).
 */
import { listenInstrument, type SimulatedInstrument } from './tcp-instrument';

export type ScpiServer = SimulatedInstrument;

export async function startScpiServer(answer: (command: string) => string | undefined, opts: { host?: string; port?: number } = {}): Promise<ScpiServer> {
  return listenInstrument((socket, silent) => {
    socket.setEncoding('latin1');
    const errors: string[] = [];
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const command = buffer.slice(0, nl).replace(/\r$/, '').trim();
        buffer = buffer.slice(nl + 1);
        if (silent() || command === '') continue;
        let reply: string | undefined;
        if (/^:?SYST(em)?:ERR(or)?(:NEXT)?\?$/i.test(command)) reply = errors.shift() ?? '0,"No error"';
        else reply = answer(command);
        if (reply === undefined) {
          if (errors.length < 16) errors.push('-113,"Undefined header"');
        } else if (command.includes('?')) socket.write(`${reply}\n`); // a query (header ends in '?', parameters may follow)
      }
    });
  }, opts);
}
