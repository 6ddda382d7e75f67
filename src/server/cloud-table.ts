// The cloud instance-type and GPU SKU table the FOCUS importer reads (rules/reference/cloud-accelerators.json),
// loaded on the first uploaded bill: most servers never see one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudAcceleratorTable } from '../generated/cloud-accelerators';
import { packageRoot } from '../io/package';

export function loadCloudTable(): CloudAcceleratorTable {
  return JSON.parse(
    readFileSync(join(packageRoot(), 'rules', 'reference', 'cloud-accelerators.json'), 'utf8'),
  ) as CloudAcceleratorTable;
}
