// Organizations in Epoch AI rows: affiliate groups (a parent and the labs Epoch names separately), and which of a
// row's organizations is taken as the model's developer.
//
// Epoch names the lab that wrote the paper ("Google Research", "Facebook AI Research", "Qwen"), so one company's
// models appear under several names and a fine-tune of the company's own model looks like another developer's
// work. Each group below lists the names Epoch uses for parts of one company; the importer links them to the parent
// with `affiliateOf`, which the engine reads as "the same developer" (affiliates: controls, is controlled by, or is
// under common control with). A name not listed here stands alone.

import { slug as coreSlug } from '../core/format/slug';

export interface AffiliateGroup {
  /** Organization id of the parent (added to the document when no row names it). */
  id: string;
  name: string;
  /** Names as they appear in Epoch's Organization column, the parent's own included. */
  members: readonly string[];
  /** Why these are one company. */
  source: string;
}

export const AFFILIATE_GROUPS: readonly AffiliateGroup[] = [
  {
    id: 'google',
    name: 'Google',
    members: ['Google', 'Google DeepMind', 'Google Research', 'Google Brain', 'DeepMind'],
    source:
      'Google Brain and DeepMind were combined as Google DeepMind, part of Google (S. Pichai, "Google DeepMind: Bringing together two world-class AI teams", 20 April 2023, blog.google/technology/ai/april-ai-update/); DeepMind has been owned by Google since 2014 (Alphabet Form 10-K)',
  },
  {
    id: 'meta',
    name: 'Meta Platforms',
    members: ['Meta', 'Meta AI', 'Facebook', 'Facebook AI', 'Facebook AI Research'],
    source:
      'Facebook, Inc. renamed itself Meta Platforms on 28 October 2021 (about.fb.com/news/2021/10/facebook-company-is-now-meta/); FAIR and Meta AI are its research groups',
  },
  {
    id: 'microsoft',
    name: 'Microsoft',
    members: ['Microsoft', 'Microsoft Research', 'Microsoft Research Asia', 'Microsoft Azure'],
    source:
      'Microsoft Research (including its Asia lab) is the research division of Microsoft (microsoft.com/en-us/research/about-microsoft-research/)',
  },
  {
    id: 'alibaba',
    name: 'Alibaba',
    members: ['Alibaba', 'Alibaba Group', 'Alibaba Cloud', 'Qwen', 'DAMO Academy', 'Alibaba DAMO Academy'],
    source:
      "Qwen models are released by the Qwen team of Alibaba Group / Alibaba Cloud (qwenlm.github.io); DAMO Academy is Alibaba's research institute (damo.alibaba.com)",
  },
  {
    id: 'amazon',
    name: 'Amazon',
    members: ['Amazon', 'Amazon Web Services', 'AWS', 'Amazon AGI'],
    source: 'Amazon Web Services and Amazon AGI are units of Amazon.com, Inc. (Amazon Form 10-K)',
  },
  {
    id: 'salesforce',
    name: 'Salesforce',
    members: ['Salesforce', 'Salesforce Research'],
    source: "Salesforce Research is Salesforce's AI research group (salesforceairesearch.com)",
  },
  {
    id: 'ibm',
    name: 'IBM',
    members: ['IBM', 'IBM Research'],
    source: 'IBM Research is the research division of IBM (research.ibm.com)',
  },
  {
    id: 'huawei',
    name: 'Huawei',
    members: ['Huawei', "Huawei Noah's Ark Lab", "Noah's Ark Lab"],
    source: "Noah's Ark Lab is Huawei's AI research lab (noahlab.com.hk)",
  },
  {
    id: 'baidu',
    name: 'Baidu',
    members: ['Baidu', 'Baidu Research'],
    source: "Baidu Research is Baidu's research division (research.baidu.com)",
  },
  {
    id: 'tencent',
    name: 'Tencent',
    members: ['Tencent', 'Tencent AI Lab', 'Tencent Hunyuan'],
    source: 'Tencent AI Lab and Hunyuan are Tencent units (ai.tencent.com)',
  },
  {
    id: 'intel',
    name: 'Intel',
    members: ['Intel', 'Intel Labs'],
    source: "Intel Labs is Intel's research organization (intel.com/labs)",
  },
];

const GROUP_OF = new Map<string, AffiliateGroup>();
for (const g of AFFILIATE_GROUPS) for (const m of g.members) GROUP_OF.set(normalName(m).toLowerCase(), g);

/** Whitespace of any kind (non-breaking spaces included) as single spaces, trimmed. */
export function normalName(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/** An organization id (core/format/slug.ts); "unknown" for a name with no letter or digit. */
export function slug(s: string): string {
  return coreSlug(s) || 'unknown';
}

/** The affiliate group an Epoch organization name belongs to, if any. */
export function groupOf(name: string): AffiliateGroup | undefined {
  return GROUP_OF.get(normalName(name).toLowerCase());
}

/** Key under which two organization names count as the same company: the group id, or the name's own id. */
export function companyKey(name: string): string {
  return groupOf(name)?.id ?? slug(name);
}

/**
 * The developer among a row's organizations (the rule documented in the README):
 * 1. an organization of the same company as the developer of a base model the row builds on (it continues its own
 *    line of models, e.g. BlenderBot 3 by McGill, Meta AI and Mila on Meta's OPT-175B: Meta AI);
 * 2. else the first organization Epoch categorizes as Industry (the company that places the model on the market,
 *    academic co-authors aside);
 * 3. else the first organization listed.
 * Returns the index into `orgs`, or -1 when there is none.
 */
export function pickDeveloper(
  orgs: readonly string[],
  categories: readonly string[] | undefined,
  baseCompanies: ReadonlySet<string>,
): number {
  if (orgs.length === 0) return -1;
  const own = orgs.findIndex((o) => baseCompanies.has(companyKey(o)));
  if (own >= 0) return own;
  if (categories && categories.length === orgs.length) {
    const industry = categories.findIndex((c) => c === 'Industry');
    if (industry >= 0) return industry;
  }
  return 0;
}
