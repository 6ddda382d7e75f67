// Issue 12 items 1, 4 and 5 and issue 15 item 6 through supertest: Enter assesses (the form's first submit button),
// base-model rows (add, remove, merge), and the uploads — a lineage file (YAML), a Hugging Face model card, a FOCUS
// cloud bill as the user's own compute — sent as multipart/form-data as the browser sends them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app';
import { memoryStore } from '../src/store/store';

const root = join(__dirname, '..');
const seed = readFileSync(join(root, 'examples', 'seed-fine-tuner.lineage.json'), 'utf8');
const bill = readFileSync(join(root, 'test', 'billing', 'focus-three-clouds.csv'), 'utf8');
const app = createApp({ store: memoryStore(), clock: () => new Date('2026-11-28T12:00:00Z'), log: () => {} });

const fields = {
  asOf: '2026-11-28',
  orgName: 'Tomato AI',
  modelId: 'tomato-ai/legal-8b',
  modelFoundation: 'yes',
  modelGenerates: 'text',
  'compute[0].phase': 'fine-tuning',
};

/** A multipart POST /assess with these fields and files, as a browser sends the form. */
function post(f: Record<string, string>, files: Record<string, [string, string]> = {}) {
  let r = request(app).post('/assess');
  for (const [k, v] of Object.entries(f)) r = r.field(k, v);
  for (const [k, [name, text]] of Object.entries(files)) r = r.attach(k, Buffer.from(text), name);
  return r;
}

describe('Enter assesses', () => {
  it('makes Assess the first submit button of the form, out of the Tab order', async () => {
    const html = (await request(app).get('/').expect(200)).text;
    const form = html.slice(html.indexOf('<form method="post" action="/assess"'));
    const first = /<button[^>]*type="submit"[^>]*>/.exec(form)![0];
    expect(first).toContain('value="assess"');
    expect(first).toContain('tabindex="-1"');
    expect(form).toContain('enctype="multipart/form-data"');
  });

  it('keeps the Tab stops before Assess few: rarely used fields are folded', async () => {
    const html = (await request(app).get('/').expect(200)).text;
    const form = html.slice(html.indexOf('<form'), html.indexOf('>Assess</button>', html.indexOf('class="actions"')));
    const visible = form.replace(/<details(?![^>]*\bopen)[^>]*>[\s\S]*?<\/details>/g, '<summary>');
    const stops =
      (visible.match(/<(input|select|textarea|summary)\b(?![^>]*type="hidden")/g) ?? []).length +
      (visible.match(/<button\b(?![^>]*tabindex="-1")/g) ?? []).length;
    expect(stops).toBeLessThanOrEqual(30); // was 45 presses from the top of the page
  });
});

describe('base model rows', () => {
  it('adds and removes rows, keeping what was typed', async () => {
    const added = (await post({ ...fields, baseChoice: 'other', baseOtherId: 'a/b', action: 'add-base' }).expect(200))
      .text;
    expect(added).toContain('name="base[1].choice"');
    expect(added).toContain('value="a/b"');
    const removed = (
      await post({ ...fields, 'base[1].choice': 'other', 'base[1].otherId': 'c/d', action: 'remove-base:1' }).expect(
        200,
      )
    ).text;
    expect(removed).not.toContain('name="base[1].choice"');
  });

  it('assesses a merge of two bases', async () => {
    const r = await post({
      ...fields,
      'compute[0].flop': '1e23',
      baseChoice: 'other',
      baseRelation: 'merge',
      baseOtherId: 'open-lab/base-110b',
      baseOtherDeveloper: 'Open Lab',
      baseOtherFlop: '1.1e26',
      'base[1].choice': 'other',
      'base[1].relation': 'merge',
      'base[1].otherId': 'other-lab/base-7b',
      'base[1].otherFlop': '3e24',
    }).expect(200);
    expect(r.text).toMatch(/merge of <code>open-lab\/base-110b<\/code>/);
    expect(r.text).toMatch(/merge of <code>other-lab\/base-7b<\/code>/);
  });
});

describe('uploads', () => {
  it('assesses an uploaded lineage file (YAML)', async () => {
    const yaml = `lineageVersion: 1\norganizations:\n  - { id: lab }\nmodels:\n  - id: lab/m\n    developer: lab\n    compute:\n      - { phase: pretraining, flop: 2e26 }\n`;
    const r = await post({ asOf: '2026-11-28' }, { lineageFile: ['lineage.yaml', yaml] }).expect(200);
    expect(r.text).toContain('Assessment: lab/m');
  });

  it('puts an invalid uploaded lineage in the box, with the error', async () => {
    const r = await post(
      { asOf: '2026-11-28' },
      { lineageFile: ['l.json', '{"lineageVersion": 1, "models": [,]}'] },
    ).expect(400);
    expect(r.text).toMatch(/not valid JSON/);
    expect(r.text).toContain('{&quot;lineageVersion&quot;: 1');
  });

  it('fills the base models from a model card: catalog bases chosen, others as "other"', async () => {
    const card =
      '---\nbase_model:\n- Qwen/QwQ-32B\n- someone/unknown-7b\nbase_model_relation: merge\n---\n# My merge\n';
    const r = await post({ ...fields, action: 'add-row' }, { modelCard: ['README.md', card] }).expect(200);
    expect(r.text).toMatch(/<option value="Qwen\/QwQ-32B" selected>/);
    expect(r.text).toContain('value="someone/unknown-7b"');
    expect(r.text).toMatch(/name="base\[1\]\.relation"[\s\S]*?<option value="merge" selected>/);
  });

  it('says what is wrong with a model card, next to its field', async () => {
    const r = await post(fields, { modelCard: ['README.md', '# no front matter\n'] }).expect(400);
    expect(r.text).toMatch(/<a href="#f-modelCard">Hugging Face model card: /);
  });

  it('takes a FOCUS bill as the own compute: records from its GPU lines, kept through a re-render', async () => {
    const form = await post({ ...fields, action: 'add-row' }, { focusCsv: ['bill.csv', bill] }).expect(200);
    expect(form.text).toMatch(/From your cloud bill:<\/strong> \d+ compute records? from bill\.csv: you paid \$/);
    expect(form.text).toMatch(/non-accelerator spend not counted/);
    const hidden = /name="importedCompute" value="([^"]+)"/.exec(form.text)![1];
    expect(hidden.length).toBeGreaterThan(100);
    const r = await post({ ...fields }, { focusCsv: ['bill.csv', bill] }).expect(200);
    expect(r.text).toContain('Assessment: tomato-ai/legal-8b');
    expect(r.text).toMatch(/fine-tuning: \d/);
  });

  it('says when a bill has no accelerator lines', async () => {
    const header = bill.split('\n')[0];
    const storage = bill.split('\n').find((l) => l.includes('Storage'))!;
    const r = await post(fields, { focusCsv: ['s3.csv', `${header}\n${storage}\n`] }).expect(400);
    expect(r.text).toMatch(/Cloud bill \(FOCUS CSV\): has no accelerator/);
  });

  it('refuses a malformed multipart body with 400, not 500', async () => {
    await request(app)
      .post('/assess')
      .set('Content-Type', 'multipart/form-data; boundary=zz')
      .send('--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end')
      .expect(400);
  });

  it('still takes JSON and urlencoded bodies', async () => {
    await request(app).post('/assess').set('Content-Type', 'application/json').send(seed).expect(200);
  });
});

describe('the lineage drawing on the report page', () => {
  it('is inline SVG with a text alternative, the assessed model outlined', async () => {
    const r = await post({
      ...fields,
      'compute[0].flop': '5e24',
      baseChoice: 'other',
      baseOtherId: 'open-lab/base-110b',
      baseOtherDeveloper: 'Open Lab',
      baseOtherFlop: '1.1e26',
    }).expect(200);
    const section = /<section id="lineage-drawing"[\s\S]*?<\/section>/.exec(r.text)![0];
    expect(section).toMatch(/<svg role="img" aria-labelledby="lineage-graph-title"/);
    expect(section).toContain('finetune');
    expect(section).toContain('cumulative: 1.15 × 10²⁶ FLOP');
    expect(section).toMatch(/penwidth|stroke-width="3"/);
    expect(section).toContain(
      '<li>tomato-ai/legal-8b (assessed), by Tomato AI: own compute 5 × 10<sup>24</sup> FLOP; cumulative 1.15 × 10<sup>26</sup> FLOP; built as finetune of open-lab/base-110b.</li>',
    );
    expect(r.text).not.toMatch(/<script/i);
  });
});
