// Every class of bad input gets an error that names its place; nothing crashes, nothing is silently accepted.
import { describe, expect, it } from 'vitest';
import { buildReference } from '../estimate/reference';
import { isCalendarDate, validateLineage } from './lineage';

const ref = buildReference({
  accelerators: {
    accelerators: [
      {
        id: 'nvidia-h100-sxm',
        name: 'NVIDIA H100 SXM5',
        defaultPrecision: 'bf16',
        peakFlopPerSecond: { bf16: 9.894e14 },
      },
    ],
  },
});

const good = () => ({
  lineageVersion: 1,
  organizations: [{ id: 'a' }, { id: 'b' }],
  models: [
    { id: 'a/base', developer: 'a', compute: [{ phase: 'pretraining', flop: 1e25 }] },
    {
      id: 'b/ft',
      developer: 'b',
      baseModels: [{ id: 'a/base', relation: 'finetune' }],
      compute: [
        { phase: 'fine-tuning', hardware: { accelerator: 'nvidia-h100-sxm', count: 8, hours: 10, utilization: 0.4 } },
      ],
    },
  ],
});

function errors(doc: unknown): string[] {
  const v = validateLineage(doc, ref);
  return v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('lineage validation', () => {
  it('accepts a good document and does not modify it', () => {
    const doc = good();
    const before = JSON.stringify(doc);
    expect(errors(doc)).toEqual([]);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('names the path of a schema violation', () => {
    const doc = good() as any;
    doc.models[1].compute[0].hardware.count = 0;
    doc.models[1].compute[0].hardware.utilization = 1.5;
    expect(errors(doc)).toEqual(
      expect.arrayContaining([
        'models[1].compute[0].hardware.count: must be > 0',
        'models[1].compute[0].hardware.utilization: must be <= 1',
      ]),
    );
  });

  it('takes a utilization range instead of a point, and exactly one of them', () => {
    const doc = good() as any;
    const hw = doc.models[1].compute[0].hardware;
    delete hw.utilization;
    expect(errors(doc)).toEqual([
      'models[1].compute[0].hardware: needs utilization (0..1) or utilizationRange ({ low, high })',
    ]);
    hw.utilizationRange = { low: 0.2, central: 0.4, high: 0.6 };
    expect(errors(doc)).toEqual([]);
    hw.utilization = 0.4;
    expect(errors(doc)).toEqual(['models[1].compute[0].hardware: give utilization or utilizationRange, not both']);
    delete hw.utilization;
    hw.utilizationRange = { low: 0.6, high: 0.2 };
    expect(errors(doc)).toEqual(['models[1].compute[0].hardware.utilizationRange.low: must be <= high (0.2)']);
    hw.utilizationRange = { low: 0, high: 1.2 };
    expect(errors(doc)).toEqual(
      expect.arrayContaining(['models[1].compute[0].hardware.utilizationRange.high: must be <= 1']),
    );
  });

  it('rejects negative numbers, unknown fields, wrong types and bad enums', () => {
    const doc = good() as any;
    doc.models[0].compute[0].flop = -1;
    doc.models[0].colour = 'red';
    doc.models[1].baseModels[0].relation = 'copy';
    doc.lineageVersion = 2;
    const e = errors(doc);
    expect(e).toContain('models[0].compute[0].flop: must be >= 0');
    expect(e).toContain('models[0].colour: is not a known field');
    expect(e.some((x) => x.startsWith('models[1].baseModels[0].relation: must be one of'))).toBe(true);
    expect(e).toContain('lineageVersion: must be 1');
  });

  it('rejects non-finite numbers (1e400 parses to Infinity)', () => {
    const doc = JSON.parse(JSON.stringify(good()).replace('1e+25', '1e400'));
    expect(errors(doc)).toContain('models[0].compute[0].flop: is too large: numbers must lie within ±1.8 × 10^308');
  });

  it('calls a 400-digit number too large, once, not "not a number"', () => {
    const doc = JSON.parse(
      JSON.stringify(good())
        .replace('1e+25', `1${'0'.repeat(400)}`)
        .replace('"lineageVersion":1', `"lineageVersion":-${'9'.repeat(400)}`),
    );
    const e = errors(doc);
    expect(e.filter((x) => x.startsWith('models[0].compute[0].flop'))).toEqual([
      'models[0].compute[0].flop: is too large: numbers must lie within ±1.8 × 10^308',
    ]);
    expect(e.join('\n')).not.toMatch(/must be a number|finite/);
  });

  it('rejects any depth with one error naming the place, without recursing', () => {
    const doc = good() as any;
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    doc.x = deep;
    const e = errors(doc);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/^x\[0\]\[0\]\[0\].*…: is nested too deeply: more than 64 levels/);
  });

  it('requires exactly one amount per compute record', () => {
    const doc = good() as any;
    doc.models[0].compute[0].architecture = { parameters: 1e9, tokens: 1e12 };
    doc.models[1].compute[0] = { phase: 'fine-tuning', costUsd: 5 };
    const e = errors(doc);
    expect(e.some((x) => x.startsWith('models[0].compute[0]: gives 2 amounts (flop, architecture)'))).toBe(true);
    expect(e.some((x) => x.startsWith('models[1].compute[0]: gives no amount'))).toBe(true);
  });

  it('rejects unknown accelerators and lists the known ones', () => {
    const doc = good() as any;
    doc.models[1].compute[0].hardware.accelerator = 'nvidia-h1000';
    expect(errors(doc)).toContain(
      'models[1].compute[0].hardware.accelerator: unknown accelerator "nvidia-h1000" (known: nvidia-h100-sxm)',
    );
  });

  it('lists the known accelerators once per batch, not once per error', () => {
    const doc = good() as any;
    const rec = doc.models[1].compute[0];
    doc.models[1].compute = Array.from({ length: 800 }, (_, i) => ({
      ...rec,
      hardware: { ...rec.hardware, accelerator: `gpu-${i}` },
    }));
    const e = errors(doc);
    expect(e.filter((x) => x.includes('known: nvidia-h100-sxm'))).toHaveLength(1);
    expect(e[0]).toBe(
      'models[1].compute[0].hardware.accelerator: unknown accelerator "gpu-0" (known: nvidia-h100-sxm; listed once for all 800 unknown accelerators)',
    );
    expect(e).toContain('models[1].compute[1].hardware.accelerator: unknown accelerator "gpu-1"');
  });

  it('rejects duplicate ids, unknown developers, dangling and self references', () => {
    const doc = good() as any;
    doc.models.push({ id: 'a/base', developer: 'zz' });
    doc.models.push({
      id: 'c/self',
      baseModels: [
        { id: 'c/self', relation: 'finetune' },
        { id: 'nowhere/x', relation: 'merge' },
      ],
    });
    const e = errors(doc);
    expect(e).toContain('models[2].id: duplicate id "a/base" (also models[0].id)');
    expect(e).toContain('models[2].developer: unknown organization "zz": add it to organizations[]');
    expect(e).toContain('models[3].baseModels[0].id: a model cannot be its own base model');
    expect(e.some((x) => x.startsWith('models[3].baseModels[1].id: no model with id "nowhere/x"'))).toBe(true);
  });

  it('names the models on a cycle', () => {
    const doc = {
      lineageVersion: 1,
      models: [
        { id: 'x', baseModels: [{ id: 'z', relation: 'finetune' }] },
        { id: 'y', baseModels: [{ id: 'x', relation: 'finetune' }] },
        { id: 'z', baseModels: [{ id: 'y', relation: 'merge' }] },
      ],
    };
    const e = errors(doc);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/^models\[\d\]\.baseModels: cycle in base models: /);
    for (const id of ['x', 'y', 'z']) expect(e[0]).toContain(id);
  });

  it('checks ranges, dates and cost fields', () => {
    const doc = good() as any;
    doc.models[0].compute[0] = {
      phase: 'pretraining',
      flopRange: { low: 2e25, high: 1e25 },
      start: '2025-02-30',
      costUsd: 1,
      pricePerAcceleratorHourUsd: 2,
    };
    const e = errors(doc);
    expect(e).toContain('models[0].compute[0].flopRange.low: must be <= high (1e+25)');
    expect(e).toContain('models[0].compute[0].start: is not a calendar date');
    expect(e).toContain(
      'models[0].compute[0].pricePerAcceleratorHourUsd: needs a hardware amount (accelerator count and hours)',
    );
  });

  it('handles documents that are not objects', () => {
    expect(errors(null)[0]).toBe(': must be an object');
    expect(errors([1, 2])[0]).toMatch(/^: must be a/);
    expect(errors({})).toEqual(expect.arrayContaining(['lineageVersion: is required', 'models: is required']));
  });

  it('tells calendar dates as Date.UTC does, years before 100 included (not dates)', () => {
    const utc = (d: string) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
      if (!m) return false;
      const t = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return t.getUTCFullYear() === +m[1] && t.getUTCMonth() === +m[2] - 1 && t.getUTCDate() === +m[3];
    };
    const dates: string[] = ['2025-1-01', '2025-01-01 ', '2025/01/01', '２０２５-01-01', '2025-01-0a', ''];
    for (const y of ['0000', '0050', '0099', '0100', '1900', '2000', '2024', '2025', '2100', '9999'])
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) dates.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    for (const d of dates) expect([d, isCalendarDate(d)]).toEqual([d, utc(d)]);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
  });

  it("gives the models' positions by id with a valid document", () => {
    const v = validateLineage(good(), ref);
    expect(v.ok && [...v.ids]).toEqual([
      ['a/base', 0],
      ['b/ft', 1],
    ]);
  });
});
