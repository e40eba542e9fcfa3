/**
 * Minimal typings for the parts of `ocpp-rpc` (v2.x, untyped JavaScript) that the reference SUTs use.
 * Only the reference SUTs import this package; the harness has its own OCPP-J engine.
 */
declare module 'ocpp-rpc' {
  import { EventEmitter } from 'node:events';
  import type { IncomingMessage, Server } from 'node:http';
  import type { Duplex } from 'node:stream';

  export const NOREPLY: unique symbol;

  export interface Validator {
    readonly subprotocol: string;
    validate(schemaId: string, params: unknown): boolean;
  }
  export function createValidator(subprotocol: string, schemas: unknown): Validator;

  export class RPCError extends Error {
    rpcErrorCode: string;
    rpcErrorMessage: string;
    details?: Record<string, unknown>;
  }
  export class TimeoutError extends Error {}
  export class UnexpectedHttpResponse extends Error {
    code?: number;
  }
  export function createRPCError(type: string, message?: string, details?: Record<string, unknown>): RPCError;

  export interface CallHandlerContext {
    messageId: string;
    method: string;
    params: any;
    signal: AbortSignal;
    reply(value: unknown): void;
  }
  export type CallHandler = (ctx: CallHandlerContext) => unknown;

  export interface RPCClientOptions {
    endpoint?: string;
    identity: string;
    protocols?: string[];
    password?: string | Buffer | null;
    headers?: Record<string, string>;
    callTimeoutMs?: number;
    pingIntervalMs?: number;
    deferPingsOnActivity?: boolean;
    strictMode?: boolean | string[];
    strictModeValidators?: Validator[];
    respondWithDetailedErrors?: boolean;
    callConcurrency?: number;
    reconnect?: boolean;
    maxReconnects?: number;
    maxBadMessages?: number;
    wsOpts?: Record<string, unknown>;
  }

  export interface CallOptions {
    callTimeoutMs?: number;
    signal?: AbortSignal;
    noReply?: boolean;
  }

  export class RPCClient extends EventEmitter {
    constructor(options: RPCClientOptions);
    static readonly CONNECTING: 0;
    static readonly OPEN: 1;
    static readonly CLOSING: 2;
    static readonly CLOSED: 3;
    readonly identity: string;
    readonly protocol: string | undefined;
    readonly state: 0 | 1 | 2 | 3;
    reconfigure(options: Partial<RPCClientOptions>): void;
    connect(): Promise<unknown>;
    sendRaw(message: string | Buffer): void;
    close(options?: { code?: number; reason?: string; awaitPending?: boolean; force?: boolean }): Promise<unknown>;
    handle(method: string, handler: CallHandler): void;
    handle(handler: CallHandler): void;
    removeHandler(method?: string): void;
    removeAllHandlers(): void;
    call(method: string, params?: unknown, options?: CallOptions): Promise<any>;
  }

  export interface Handshake {
    protocols: Set<string>;
    identity: string;
    password?: Buffer;
    endpoint: string;
    query: URLSearchParams;
    remoteAddress: string;
    headers: Record<string, string | string[] | undefined>;
    request: IncomingMessage;
  }

  export class RPCServerClient extends RPCClient {
    readonly handshake: Handshake;
    readonly session: unknown;
  }

  export interface RPCServerOptions {
    protocols?: string[];
    callTimeoutMs?: number;
    pingIntervalMs?: number;
    deferPingsOnActivity?: boolean;
    respondWithDetailedErrors?: boolean;
    callConcurrency?: number;
    strictMode?: boolean | string[];
    strictModeValidators?: Validator[];
    maxBadMessages?: number;
    wssOptions?: Record<string, unknown>;
  }

  export type AuthCallback = (
    accept: (session?: unknown, protocol?: string) => void,
    reject: (code?: number, message?: string) => void,
    handshake: Handshake,
    signal: AbortSignal,
  ) => void | Promise<void>;

  export class RPCServer extends EventEmitter {
    constructor(options?: RPCServerOptions);
    auth(cb: AuthCallback): void;
    readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
    reconfigure(options: Partial<RPCServerOptions>): void;
    listen(port?: number, host?: string, options?: { signal?: AbortSignal }): Promise<Server>;
    close(options?: { code?: number; reason?: string; awaitPending?: boolean; force?: boolean }): Promise<void>;
    on(event: 'client', listener: (client: RPCServerClient) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
  }
}
