export * from './frame';
export * from './channel';
export * from './loopback';
export { SocketCanChannel, openSocketCan, describeInterfaceProblem, type SocketCanOptions } from './socketcan';
