// The built-in presets `extends` can name. They are data like any config, and none of them
// loosens anything: `recommended` is the secure default, `strict` raises every rule to error,
// `training` is the default plus training mode for courses.

import { allRules } from '../../rules';
import type { RawConfig } from './load';

export const PRESET_PREFIX = 'paved-road:';

export function presetNames(): string[] {
  return ['recommended', 'strict', 'training'];
}

export function preset(name: string): RawConfig | undefined {
  switch (name) {
    case 'recommended':
      return {};
    case 'strict':
      return { rules: Object.fromEntries(allRules.map((r) => [r.meta.id, 'error'])) };
    case 'training':
      return { training: true };
    default:
      return undefined;
  }
}
