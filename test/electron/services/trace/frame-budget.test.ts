import { describe, expect, it } from 'vitest';
import { encodeWire } from '../../../../core/lab-api/wire-codec';
import { sampleWireBytes } from '../../../../electron/services/trace/frame-budget';
import { hostAt, vmsAt } from './frame-fixtures';

describe('frame budget', () => {
  it('measures a sample as many bytes as it takes in a frame, non-ASCII VM ids too', () => {
    const vms = vmsAt(7, 3);
    vms[1] = { ...vms[1]!, id: 'vm-é-東京' };
    for (const sample of [
      { timeS: 7, host: hostAt(7), vms: vmsAt(7, 3) },
      { timeS: 7, host: hostAt(7), vms },
    ]) {
      const inFrame =
        Buffer.byteLength(encodeWire({ samples: [sample] })) - Buffer.byteLength('{"samples":[]}');
      expect(sampleWireBytes(sample)).toBe(inFrame);
    }
  });
});
