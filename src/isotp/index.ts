export * from './types';
export * from './errors';
export * from './clock';
export * from './pci';
export { IsoTpSender } from './sender';
export { IsoTpReceiver } from './receiver';
export { IsoTpEngine, type EngineIo } from './engine';
export { IsoTpChannel, type IsoTpChannelOptions, type IsoTpSendOptions } from './channel';
