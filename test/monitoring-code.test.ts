// Monitoring as vendors deliver it outside alert-rule files (#16): metrics defined in application code in any
// language, Grafana dashboard exports, drift reports and cloud model monitors in notebooks, monitoring plans,
// a Compose monitoring stack and documents named for observability. Negatives: a prompt that mentions
// OpenTelemetry, Elasticsearch used as a store, a test of the metrics module, a glossary, and an empty template.
import { describe, expect, it } from 'vitest';
import check from '../checks/monitoring.js';
import { readMonitoringCode, readMonitoringStack } from '../src/formats/monitoring-code.js';
import { findingIds, runCheck, runRaw } from './helpers.js';

const notebook = (...cells: string[]) =>
  JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', source, outputs: [], metadata: {} })), metadata: {}, nbformat: 4, nbformat_minor: 5 });

const RUBY_PROMETHEUS = `class PrometheusMetrics
  PREFIX = "chat_".freeze
  GAUGES = [
    { name: "rate_limit_percentage_used", description: "Share of the request quota used" },
  ].freeze
  COUNTERS = [
    { name: "answer_count", description: "The total number of answers" },
  ].freeze

  def self.register
    COUNTERS.each do |counter|
      PrometheusExporter::Client.default.register(:counter, PREFIX + counter[:name], counter[:description])
    end
  end
end
`;

const DOTNET_PROGRAM = `var builder = WebApplication.CreateBuilder(args);
builder.Services.AddApplicationInsightsTelemetry(options => options.ConnectionString = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
builder.Services.AddSingleton<ITelemetryService, AppInsightsTelemetryService>();
var app = builder.Build();
app.Run();
`;

const EVIDENTLY_JOB = `from evidently.report import Report
from evidently.metrics import ColumnDriftMetric, DatasetDriftMetric, DatasetMissingValuesMetric
from evidently.test_suite import TestSuite
from evidently.tests import TestShareOfDriftedColumns

report = Report(metrics=[
    ColumnDriftMetric(column_name='prediction'),
    DatasetDriftMetric(),
    DatasetMissingValuesMetric(),
])
suite = TestSuite(tests=[TestShareOfDriftedColumns(lt=0.3)])
`;

const GRAFANA_DASHBOARD = JSON.stringify({
  title: 'Model monitoring',
  panels: [
    { type: 'timeseries', title: 'Prediction Drift', targets: [{ rawSql: 'SELECT timestamp AS time, prediction_drift FROM metrics' }] },
    { type: 'timeseries', title: 'Share of missing values', targets: [{ rawSql: 'SELECT timestamp AS time, share_missing_values FROM metrics' }] },
  ],
  schemaVersion: 37,
});

const SAGEMAKER_MONITOR = `from sagemaker.model_monitor import ModelQualityMonitor, CronExpressionGenerator
model_quality_monitor = ModelQualityMonitor(role=role, instance_count=1, instance_type="ml.m5.xlarge", max_runtime_in_seconds=1800)
model_quality_monitor.create_monitoring_schedule(monitor_schedule_name=name, schedule_cron_expression=CronExpressionGenerator.hourly())
`;

const VERTEX_MONITOR = `from google.cloud import aiplatform_v1beta1 as vertex_ai_beta
DRIFT_THRESHOLDS = {
    'trip_miles': 0.3,
    'payment_type': 0.3,
}
drift_config = vertex_ai_beta.ModelMonitoringObjectiveConfig.PredictionDriftDetectionConfig(drift_thresholds=drift_thresholds)
`;

describe('readMonitoringCode', () => {
  it('recognises metrics and monitors by the calls code makes, in several languages', () => {
    const cases: Array<[string, string, string[], string[]]> = [
      ['ruby prometheus_exporter', RUBY_PROMETHEUS, ['prometheus'], ['service']],
      ['python prometheus_client', 'from prometheus_client import Counter, Histogram\nPREDICTIONS = Counter("predictions_total", "Predictions served")\nLATENCY = Histogram("request_latency_seconds", "Latency")\n', ['prometheus'], ['predictions', 'service']],
      ['node prom-client', "const client = require('prom-client');\nconst requests = new client.Counter({ name: 'http_requests_total', help: 'Requests' });\n", ['prometheus'], ['service']],
      ['go client_golang', 'var scored = promauto.NewCounterVec(prometheus.CounterOpts{Name: "scored_total"}, []string{"model"})\n', ['prometheus'], ['service']],
      ['.NET prometheus-net', 'private static readonly Counter Scored = Metrics.CreateCounter("scored_total", "Scored requests");\n', ['prometheus'], ['service']],
      ['JVM Micrometer', 'import io.micrometer.core.instrument.Counter;\nCounter scored = Counter.builder("scored.total").register(registry);\n', ['micrometer'], ['service']],
      ['OpenTelemetry meter', 'meter = metrics.get_meter(__name__)\nscored = meter.create_counter("scored_total")\n', ['opentelemetry'], ['service']],
      ['Application Insights', DOTNET_PROGRAM, ['application-insights'], ['service']],
      ['Evidently report and test suite', EVIDENTLY_JOB, ['evidently'], ['data-quality', 'drift', 'predictions']],
      ['SageMaker Model Monitor', SAGEMAKER_MONITOR, ['sagemaker-model-monitor'], ['performance', 'predictions']],
      ['Vertex AI model monitoring', VERTEX_MONITOR, ['vertex-model-monitoring'], ['drift', 'predictions']],
    ];
    for (const [name, text, libraries, categories] of cases) {
      const code = readMonitoringCode(text);
      expect([name, code?.libraries]).toEqual([name, libraries]);
      expect([name, [...(code?.categories ?? [])].sort()]).toEqual([name, categories]);
    }
    expect(readMonitoringCode(EVIDENTLY_JOB)?.thresholds).toEqual(['lt=0.3']);
    expect(readMonitoringCode(VERTEX_MONITOR)?.thresholds).toEqual(['drift_thresholds trip_miles 0.3', 'drift_thresholds payment_type 0.3']);
  });

  it('does not take a mention, a comment or an unused import for monitoring', () => {
    expect(readMonitoringCode('SYSTEM_PROMPT = """Answer questions about LangChain, OpenTelemetry and Prometheus metrics."""\n')).toBeNull();
    expect(readMonitoringCode('# from prometheus_client import Counter\n// Metrics.CreateCounter("x")\nprint("done")\n')).toBeNull();
    expect(readMonitoringCode('from evidently import ColumnMapping\nmapping = ColumnMapping()\n')).toBeNull();
    expect(readMonitoringCode('HTTP_TIMEOUT = 30\nhistogram = numpy.histogram(values, bins=10)\n')).toBeNull();
  });

  it('names monitoring services in a Compose file, not a search store', () => {
    expect(readMonitoringStack({ services: { elasticsearch: { image: 'docker.elastic.co/elasticsearch/elasticsearch:7.6.0' }, kibana: { image: 'docker.elastic.co/kibana/kibana:7.6.0' }, fluentd: { image: 'acme/cd4ml-fluentd:1' } } })).toEqual(['kibana', 'fluentd']);
    expect(readMonitoringStack({ services: { grafana: { image: 'grafana/grafana-enterprise' }, db: { image: 'postgres' } } })).toEqual(['grafana']);
    expect(readMonitoringStack({ services: { search: { image: 'docker.elastic.co/elasticsearch/elasticsearch:8.11.0' }, db: { image: 'postgres:14' }, vectors: { image: 'qdrant/qdrant' } } })).toEqual([]);
    expect(readMonitoringStack(['not', 'compose'])).toEqual([]);
  });
});

describe('monitoring check on real delivery shapes', () => {
  it('credits a Rails service exporting Prometheus metrics as watched and configured, service level only', async () => {
    const outcome = await runRaw(check, { 'lib/prometheus_metrics.rb': RUBY_PROMETHEUS, 'spec/lib/prometheus_metrics_spec.rb': 'RSpec.describe PrometheusMetrics do\nend\n' });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.criteria).toMatchObject({ watched: 0.5, configured: 1, thresholds: 0 });
    expect(outcome.evidence).toEqual([expect.objectContaining({ path: 'lib/prometheus_metrics.rb', kind: 'monitoring-code', note: expect.stringMatching(/^prometheus · service · 2 metric\(s\): rate_limit_percentage_used, answer_count/) })]);
    expect(findingIds(outcome)).toContain('no-model-monitoring');
  });

  it('credits Application Insights set up in a .NET entry point', async () => {
    const result = await runCheck(check, { 'webapi/Program.cs': DOTNET_PROGRAM });
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(result.evidence[0]).toMatchObject({ path: 'webapi/Program.cs', kind: 'monitoring-code', note: expect.stringMatching(/^application-insights/) });
  });

  it('reads a Grafana dashboard, an Evidently job, a model-quality monitor notebook and a monitoring plan', async () => {
    const plan = JSON.stringify({
      description: 'Post-market monitoring plan for credit scoring model',
      monitoring_frequency: { data_drift: 'daily', performance_evaluation: 'weekly' },
      alert_thresholds: { accuracy_drop: 0.74, data_drift_score: 0.15 },
      responsible_parties: { monitoring_owner: 'data-science@example.com' },
    });
    const outcome = await runRaw(check, {
      '05-monitoring/dashboards/data_drift.json': GRAFANA_DASHBOARD,
      '05-monitoring/evidently_metrics_calculation.py': EVIDENTLY_JOB,
      'end-to-end/sagemaker-model-quality-monitor.ipynb': notebook('import sagemaker\n', SAGEMAKER_MONITOR),
      'docs/releases/0001/monitoring_plan.json': plan,
    });
    if (outcome.status !== 'judged') throw new Error('skipped');
    const kinds = outcome.evidence.map((entry) => `${entry.path} ${entry.kind}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        '05-monitoring/dashboards/data_drift.json monitoring-config',
        '05-monitoring/evidently_metrics_calculation.py monitoring-code',
        'end-to-end/sagemaker-model-quality-monitor.ipynb monitoring-code',
        'docs/releases/0001/monitoring_plan.json monitoring-config',
      ]),
    );
    expect(outcome.criteria).toMatchObject({ watched: 1, thresholds: 1, alerting: 1, configured: 1 });
  });

  it('reads a document named for observability anywhere, and a Compose monitoring stack', async () => {
    const doc = [
      '# Exercise 5: Model Monitoring and Observability',
      '',
      'We log every prediction event to Elasticsearch through Fluentd and explore the predictions in Kibana.',
      '',
      '1. Run the pipeline so a model is loaded.',
      '2. Open Kibana and create the index pattern `model-*`.',
      '3. Filter the predictions by input parameter.',
      '',
    ].join('\n');
    const compose = 'services:\n  elasticsearch:\n    image: docker.elastic.co/elasticsearch/elasticsearch:7.6.0\n  kibana:\n    image: docker.elastic.co/kibana/kibana:7.6.0\n  fluentd:\n    image: acme/fluentd:1\n';
    const result = await runCheck(check, { 'instructions/housing/5-KibanaLogVisualization.md': doc, 'docker-compose.yaml': compose });
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(result.evidence.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['monitoring-stack', 'monitoring-doc']));
  });

  it('finds nothing in a prompt that mentions telemetry, a search store, a glossary or an unfilled template', async () => {
    const result = await runCheck(check, {
      'src/prompts/docs_agent_prompt.py': 'PROMPT = """You answer questions about LangChain. Mention OpenTelemetry and Prometheus integrations when asked."""\n',
      'docker-compose.yml': 'services:\n  search:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.11.0\n  db:\n    image: postgres:14\n',
      'docs/glossary.md': '# Glossary\n\n- **Drift**: a change in the input distribution.\n- **Monitoring**: watching a system.\n',
      'docs/templates/monitoring-template.md': '# Monitoring\n\n## Alerts\n\nTODO\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    expect(result.score).toBeLessThan(2);
    expect(result.evidence.filter((entry) => entry.kind === 'monitoring-code' || entry.kind === 'monitoring-stack')).toEqual([]);
  });
});
