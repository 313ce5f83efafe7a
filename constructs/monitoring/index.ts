export * from './alarm-topic';
export * from './endpoint-alarms';
export * from './endpoint-dashboard';
