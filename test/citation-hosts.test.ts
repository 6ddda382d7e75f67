// Every link a rule or reference table cites is on the reviewed host allow-list (rules/reference/citation-hosts.json),
// so a forum thread or a proxy link cannot come back; an illustrative rule cites the project's notes, never a statute.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rule as ruleValidator } from '../src/generated/validators';
import { schemaErrors } from '../src/core/validate/schema';

const root = join(__dirname, '..');
const rulesDir = join(root, 'rules');
const referenceDir = join(rulesDir, 'reference');

interface HostEntry {
  host: string;
  kind: string;
  reason: string;
}
interface AllowList {
  kinds: Record<string, string>;
  hosts: HostEntry[];
}

const allow = JSON.parse(readFileSync(join(referenceDir, 'citation-hosts.json'), 'utf8')) as AllowList;

/** Hosts of forums, comment threads and proxies seen in earlier citations: never to be allowed again. */
const KNOWN_BAD = [
  'classic.communick.news',
  'vuink.com',
  'www.greaterwrong.com',
  'www.lesswrong.com',
  'news.ycombinator.com',
  'www.reddit.com',
];

interface Cited {
  file: string;
  url: string;
  status?: string;
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...jsonFiles(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Every `url` string anywhere in a reference table. */
function urlsIn(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) urlsIn(v, out);
  else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if (k === 'url' && typeof v === 'string') out.push(v);
      else urlsIn(v, out);
    }
  }
  return out;
}

function citedUrls(): Cited[] {
  const out: Cited[] = [];
  for (const file of jsonFiles(rulesDir)) {
    const rel = file.slice(rulesDir.length + 1);
    if (rel === join('reference', 'citation-hosts.json')) continue;
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      status?: string;
      citation?: { url: string };
      otherCitations?: { url: string }[];
    };
    if (file.startsWith(referenceDir)) {
      for (const url of urlsIn(doc)) out.push({ file: rel, url });
    } else {
      for (const c of [doc.citation!, ...(doc.otherCitations ?? [])])
        out.push({ file: rel, url: c.url, status: doc.status });
    }
  }
  return out;
}

/** What is wrong with one cited URL against the allow-list; null when it is fine. */
function citationProblem(c: Cited, hosts: ReadonlySet<string>): string | null {
  if (c.url.startsWith('reference/')) {
    return c.status === 'illustrative'
      ? null
      : `${c.file}: only an illustrative rule may cite the project's notes (${c.url})`;
  }
  let u: URL;
  try {
    u = new URL(c.url);
  } catch {
    return `${c.file}: not a URL: ${c.url}`;
  }
  if (u.protocol !== 'https:') return `${c.file}: not https: ${c.url}`;
  if (!hosts.has(u.hostname)) return `${c.file}: host ${u.hostname} is not on the reviewed allow-list (${c.url})`;
  const archived = /^https?:\/\/web\.archive\.org\/(?:web\/[^/]+|save)\/(.+)$/.exec(c.url);
  if (archived) {
    let inner: URL;
    try {
      inner = new URL(archived[1]);
    } catch {
      return `${c.file}: archived target is not a URL: ${c.url}`;
    }
    if (!hosts.has(inner.hostname))
      return `${c.file}: archived host ${inner.hostname} is not on the reviewed allow-list (${c.url})`;
  }
  return null;
}

const hosts = new Set(allow.hosts.map((h) => h.host));

describe('citation host allow-list (rules/reference/citation-hosts.json)', () => {
  it('lists each host once, with a known kind and a one-line reason', () => {
    expect(hosts.size).toBe(allow.hosts.length);
    for (const h of allow.hosts) {
      expect(Object.keys(allow.kinds), h.host).toContain(h.kind);
      expect(h.reason.trim().length, h.host).toBeGreaterThan(10);
      expect(h.reason, h.host).not.toContain('\n');
      expect(h.host, h.host).toMatch(/^[a-z0-9.-]+$/);
    }
  });

  it('never lists a forum, comment-thread or proxy host', () => {
    for (const bad of KNOWN_BAD) expect(hosts.has(bad), bad).toBe(false);
  });

  it('covers every citation URL of every rule and every source URL of the reference tables', () => {
    const cited = citedUrls();
    expect(cited.length).toBeGreaterThan(50);
    expect(cited.map((c) => citationProblem(c, hosts)).filter((p) => p !== null)).toEqual([]);
  });

  it('rejects the forum and proxy links the rules used to cite', () => {
    for (const url of [
      'https://classic.communick.news/comment/747295',
      'https://vuink.com/post/ynjsnerzrqvn-d-dbet/article/california-enacted-ai-bills-now-officials-must-define-them',
      'https://www.greaterwrong.com/posts/dceyoApFTEsaeTByd/rtfb-the-raise-act/comment/ijYjJ7iiBctKBKGA5',
    ]) {
      expect(citationProblem({ file: 'x.json', url, status: 'in-force' }, hosts), url).toMatch(
        /not on the reviewed allow-list/,
      );
    }
    expect(
      citationProblem({ file: 'x.json', url: 'https://web.archive.org/web/2024/https://vuink.com/x' }, hosts),
    ).toMatch(/archived host vuink.com/);
    expect(citationProblem({ file: 'x.json', url: 'http://www.congress.gov/x', status: 'proposed' }, hosts)).toMatch(
      /not https/,
    );
    expect(citationProblem({ file: 'x.json', url: 'reference/regimes.md#8.5', status: 'proposed' }, hosts)).toMatch(
      /only an illustrative rule/,
    );
  });

  it('is used: every listed host is cited somewhere', () => {
    const used = new Set<string>();
    for (const c of citedUrls()) {
      if (c.url.startsWith('reference/')) continue;
      used.add(new URL(c.url).hostname);
      const archived = /^https?:\/\/web\.archive\.org\/(?:web\/[^/]+|save)\/(.+)$/.exec(c.url);
      if (archived) used.add(new URL(archived[1]).hostname);
    }
    expect([...hosts].filter((h) => !used.has(h))).toEqual([]);
  });
});

describe('illustrative citations in the rule schema', () => {
  const illustrative = JSON.parse(
    readFileSync(join(rulesDir, 'illustrative', 'lineage-cost-100m.json'), 'utf8'),
  ) as Record<string, unknown>;

  it('the illustrative rule cites the project notes, not a statute', () => {
    const c = illustrative.citation as { url: string; instrument: string };
    expect(c.url.startsWith('reference/')).toBe(true);
    expect(c.instrument).toContain('no statute');
  });

  it('only an illustrative rule may cite the notes (schema); built-in rules need https on the list (above)', () => {
    expect(schemaErrors(ruleValidator, illustrative)).toEqual([]);
    const asLaw = { ...illustrative, status: 'proposed' };
    expect(schemaErrors(ruleValidator, asLaw).map((e) => e.path)).toContain('citation.url');
    const other = {
      ...illustrative,
      status: 'proposed',
      citation: { ...(illustrative.citation as object), url: 'https://www.congress.gov/x' },
      otherCitations: [{ section: 's', text: 't', url: 'reference/regimes.md' }],
    };
    expect(schemaErrors(ruleValidator, other).map((e) => e.path)).toContain('otherCitations[0].url');
  });
});
