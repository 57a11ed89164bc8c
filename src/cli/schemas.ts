// The JSON Schemas the tool publishes, by name, for `ml-handover schema <name>`.
import datasetManifestSchema from '../../schemas/dataset-manifest.schema.json' with { type: 'json' };
import handoverManifestSchema from '../../schemas/handover-manifest.schema.json' with { type: 'json' };
import policySchema from '../../schemas/policy.schema.json' with { type: 'json' };
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };

export const SCHEMAS: Record<string, object> = {
  policy: policySchema,
  'dataset-manifest': datasetManifestSchema,
  handover: handoverManifestSchema,
  report: reportSchema,
};
