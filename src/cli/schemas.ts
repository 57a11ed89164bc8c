// The JSON Schemas the tool publishes, by name, for `ml-handover schema <name>`: every file in schemas/,
// named by its file name without `.schema.json` (test/cli.test.ts holds the two lists together).
import auditSchema from '../../schemas/audit.schema.json' with { type: 'json' };
import datasetManifestSchema from '../../schemas/dataset-manifest.schema.json' with { type: 'json' };
import engagementsSchema from '../../schemas/engagements.schema.json' with { type: 'json' };
import evaluationCriteriaSchema from '../../schemas/evaluation-criteria.schema.json' with { type: 'json' };
import handoverManifestSchema from '../../schemas/handover-manifest.schema.json' with { type: 'json' };
import policySchema from '../../schemas/policy.schema.json' with { type: 'json' };
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };

export const SCHEMAS: Record<string, object> = {
  policy: policySchema,
  report: reportSchema,
  // `handover` is the name the docs and remediations use; the file-name form works too.
  handover: handoverManifestSchema,
  'handover-manifest': handoverManifestSchema,
  'evaluation-criteria': evaluationCriteriaSchema,
  'dataset-manifest': datasetManifestSchema,
  engagements: engagementsSchema,
  audit: auditSchema,
};
