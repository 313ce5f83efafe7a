export * from './alarm-topic';
export * from './endpoint-alarms';
export * from './endpoint-dashboard';
export * from './data-quality-baseline';
export * from './data-quality-monitor';
export * from './endpoint-alarm-factory';
export * from './endpoint-alarm-preset';
export * from './alarm-kinds';
