import {
  CpuUtilizationAlarm, DiskUtilizationAlarm, ErrorRate5xxAlarm, GpuMemoryUtilizationAlarm, MemoryUtilizationAlarm,
  ModelLatencyP99Alarm, ServerlessConcurrencyAlarm,
} from './alarm-kinds';
import type { IEndpointAlarmKind } from './endpoint-alarm-factory';

/**
 * Which alarm kinds an `EndpointAlarms` creates, in order. Start from `recommended()` (what
 * `MlPlatformStack` uses) or list your own with `of(...)`; kinds that do not apply to the variant
 * (GPU memory on a CPU type, instance metrics on serverless) create nothing.
 */
export class EndpointAlarmPreset {
  /**
   * p99 latency, 5XX error rate, then CPU, memory, disk (instance variants), GPU memory (GPU types) and
   * serverless concurrency (serverless variants).
   */
  public static recommended(): EndpointAlarmPreset {
    return new EndpointAlarmPreset([
      new ModelLatencyP99Alarm(), new ErrorRate5xxAlarm(), new CpuUtilizationAlarm(),
      new MemoryUtilizationAlarm(), new DiskUtilizationAlarm(), new GpuMemoryUtilizationAlarm(), new ServerlessConcurrencyAlarm(),
    ]);
  }

  /** Exactly these kinds, in this order. */
  public static of(...kinds: IEndpointAlarmKind[]): EndpointAlarmPreset {
    return new EndpointAlarmPreset(kinds);
  }

  /** The kinds, in creation order. */
  public readonly kinds: IEndpointAlarmKind[];

  private constructor(kinds: IEndpointAlarmKind[]) {
    this.kinds = [...kinds];
  }

  /** This preset plus `kinds`, appended. */
  public plus(...kinds: IEndpointAlarmKind[]): EndpointAlarmPreset {
    return new EndpointAlarmPreset([...this.kinds, ...kinds]);
  }

  /** This preset without the kinds whose `alarmId` is listed (e.g. `'DiskUtilization'`). */
  public without(...alarmIds: string[]): EndpointAlarmPreset {
    return new EndpointAlarmPreset(this.kinds.filter((k) => !alarmIds.includes(k.alarmId)));
  }
}
