// Monitoring implemented in application code, in the languages vendors deliver: Prometheus metrics
// (prometheus_client, prom-client, Ruby prometheus-client / prometheus_exporter, Go client_golang, Micrometer,
// prometheus-net), OpenTelemetry metrics, Application Insights telemetry, drift and quality reports (Evidently,
// NannyML, alibi-detect, whylogs) and cloud model monitors (SageMaker Model Monitor, Vertex AI model
// monitoring), and error tracking and APM agents (Sentry, Rollbar, Bugsnag, Datadog APM, New Relic). Also the
// monitoring services a Compose file runs. A library is recognised by what the code calls, never by a mention: a
// prompt that says "opentelemetry" defines no metric. Pure: text in; every pattern is per line and linear.
import { categoriesOf, type WatchCategory } from './monitoring-signals.js';

export type MonitoringLibrary =
  | 'prometheus'
  | 'opentelemetry'
  | 'application-insights'
  | 'micrometer'
  | 'evidently'
  | 'nannyml'
  | 'alibi-detect'
  | 'whylogs'
  | 'sagemaker-model-monitor'
  | 'vertex-model-monitoring'
  | 'sentry'
  | 'rollbar'
  | 'bugsnag'
  | 'datadog-apm'
  | 'new-relic';

/** Libraries that watch the service (requests, errors, traces), not the model: their numbers are no alert limits. */
const SERVICE_LIBRARIES: ReadonlySet<MonitoringLibrary> = new Set(['prometheus', 'opentelemetry', 'application-insights', 'micrometer', 'sentry', 'rollbar', 'bugsnag', 'datadog-apm', 'new-relic']);

export interface MonitoringCode {
  libraries: MonitoringLibrary[];
  /** What the code watches: `service` for request metrics and telemetry, model categories for drift and quality. */
  categories: Set<WatchCategory>;
  /** Metric names the code defines (`govuk_chat_answer_count`), for evidence. */
  metrics: string[];
  /** Limits set in the code (`lt=0.3`, `drift threshold trip_month 0.3`). */
  thresholds: string[];
  /** First line that showed the library in use. */
  line: number;
}

const MAX_LINES = 20_000;
const MAX_NAMES = 40;
const MAX_THRESHOLDS = 20;

interface Usage {
  library: MonitoringLibrary;
  /** The call or declaration that shows the library in use. */
  pattern: RegExp;
  /** Categories the use alone says are watched. */
  categories: readonly WatchCategory[];
}

/** Calls and declarations, one per line; the first group, when present, is a metric name. */
const USAGES: readonly Usage[] = [
  // Python prometheus_client and Go client_golang: `Counter("requests_total", …)`, `prometheus.NewCounterVec(`.
  { library: 'prometheus', pattern: /\bfrom[ \t]+prometheus_client\b|\bimport[ \t]+prometheus_client\b|\bprom(?:auto|etheus)\.New(?:Counter|Gauge|Histogram|Summary)(?:Vec|Func)?\(/, categories: ['service'] },
  // prom-client (Node): `new client.Counter({ name: … })`.
  { library: 'prometheus', pattern: /\brequire\([ \t]*["']prom-client["'][ \t]*\)|\bfrom[ \t]+["']prom-client["']/, categories: ['service'] },
  // Ruby prometheus-client and prometheus_exporter: `PrometheusExporter::Client.default.register(:gauge, …)`.
  { library: 'prometheus', pattern: /\bPrometheusExporter::(?:Client|Metric|Middleware|Instrumentation)\b|\bPrometheus::Client\.registry\b|\bPrometheus::Client::(?:Counter|Gauge|Histogram|Summary)\b/, categories: ['service'] },
  // prometheus-net (.NET): `Metrics.CreateCounter("…")`.
  { library: 'prometheus', pattern: /\bMetrics\.Create(?:Counter|Gauge|Histogram|Summary)\(|\bUseHttpMetrics\(|\bMapMetrics\(/, categories: ['service'] },
  // Micrometer (JVM): `Counter.builder("…")`, `registry.counter("…")` with the io.micrometer import.
  { library: 'micrometer', pattern: /\bimport[ \t]+io\.micrometer\.|\b(?:Counter|Timer|Gauge|DistributionSummary)\.builder\([ \t]*"/, categories: ['service'] },
  // OpenTelemetry metrics: a meter creating instruments, in Python, JS/TS, .NET, Java, Go.
  // .NET's System.Diagnostics.Metrics instruments are generic (`CreateCounter<long>(`), unlike prometheus-net's.
  { library: 'opentelemetry', pattern: /\.(?:create_counter|create_histogram|create_up_down_counter|create_observable_gauge|createCounter|createHistogram|createUpDownCounter|createObservableGauge|Int64Counter|Float64Histogram|counterBuilder|histogramBuilder)\(|\.Create(?:Counter|Histogram|UpDownCounter|ObservableGauge)<[\w ,]{1,40}>\(/, categories: ['service'] },
  // Application Insights (.NET, Node, Python azure-monitor): telemetry set up or sent.
  {
    library: 'application-insights',
    pattern: /\bAddApplicationInsightsTelemetry(?:WorkerService)?\(|\bnew[ \t]+TelemetryClient\(|\bTelemetryClient[ \t]+\w+[ \t]*[,)=;]|\bconfigure_azure_monitor\(|\bappInsights\.setup\(|\brequire\([ \t]*["']applicationinsights["'][ \t]*\)|\bfrom[ \t]+applicationinsights\b|\bAzureMonitor(?:Trace|Metric|Log)Exporter\(/,
    categories: ['service'],
  },
  // Error tracking and APM agents set up: every exception of the running service is reported and grouped.
  { library: 'sentry', pattern: /\bsentry_sdk\.init\(|\bSentry\.init\(|\bsentry\.Init\(|\bSentry\.init[ \t]+do\b|\bSentrySdk\.Init\(|\bUseSentry\(/, categories: ['service'] },
  { library: 'rollbar', pattern: /\brollbar\.init\(|\bnew[ \t]+Rollbar\(|\bRollbar\.(?:configure|init)\b/, categories: ['service'] },
  { library: 'bugsnag', pattern: /\bbugsnag\.configure\(|\bBugsnag\.(?:start|configure)\b/, categories: ['service'] },
  { library: 'datadog-apm', pattern: /\bfrom[ \t]+ddtrace\b|\bimport[ \t]+ddtrace\b|\brequire\([ \t]*["']dd-trace["'][ \t]*\)|\bfrom[ \t]+["']dd-trace["']/, categories: ['service'] },
  { library: 'new-relic', pattern: /\bimport[ \t]+newrelic\b|\bnewrelic\.agent\.initialize\(|\brequire\([ \t]*["']newrelic["'][ \t]*\)|\bimport[ \t]+["']newrelic["']/, categories: ['service'] },
  // Evidently reports and test suites.
  { library: 'evidently', pattern: /\bfrom[ \t]+evidently[\w.]*[ \t]+import\b|\bimport[ \t]+evidently\b/, categories: [] },
  { library: 'nannyml', pattern: /\bnml\.(?:CBPE|DLE|UnivariateDriftCalculator|DataReconstructionDriftCalculator|DomainClassifierCalculator)\(|\bfrom[ \t]+nannyml\b/, categories: ['drift'] },
  { library: 'alibi-detect', pattern: /\b(?:KSDrift|MMDDrift|ChiSquareDrift|TabularDrift|LSDDDrift|CVMDrift|FETDrift|ClassifierDrift|LearnedKernelDrift)\(/, categories: ['drift'] },
  { library: 'whylogs', pattern: /\bwhy\.log\(|\bimport[ \t]+whylogs\b|\bfrom[ \t]+whylogs\b/, categories: ['data-quality'] },
  // SageMaker Model Monitor: data quality (DefaultModelMonitor), model quality, bias and explainability drift.
  { library: 'sagemaker-model-monitor', pattern: /\bDefaultModelMonitor\(|\bDataQualityMonitor\(/, categories: ['data-quality', 'drift'] },
  { library: 'sagemaker-model-monitor', pattern: /\bModelQualityMonitor\(/, categories: ['performance', 'predictions'] },
  { library: 'sagemaker-model-monitor', pattern: /\bModel(?:Bias|Explainability)Monitor\(/, categories: ['drift'] },
  // Vertex AI model monitoring: skew and drift detection on an endpoint.
  {
    library: 'vertex-model-monitoring',
    pattern: /\bModelDeploymentMonitoringJob\b|\bModelMonitoringObjectiveConfig\b|\b(?:Skew|Drift)DetectionConfig\(|\bmodel_monitoring\.(?:ObjectiveConfig|SkewDetectionConfig|DriftDetectionConfig|RandomSampleConfig|ScheduleConfig|EmailAlertConfig)\(/,
    categories: ['drift'],
  },
];

/** Evidently presets, metrics and tests, and what each watches. */
const EVIDENTLY_CATEGORIES: Array<[RegExp, WatchCategory]> = [
  [/\b(?:DataDrift\w*|ColumnDrift\w*|DatasetDrift\w*|\w*DriftedColumns|TestColumnDrift|EmbeddingsDrift\w*|TargetDrift\w*)\(/, 'drift'],
  [/\b(?:DataQuality\w*|DataSummary\w*|ColumnSummary\w*|\w*MissingValues\w*|TestNumberOf\w*|TestShareOf(?:Missing|Out)\w*|ColumnQuantile\w*|TestColumnValue\w*|DatasetSummary\w*)\(/, 'data-quality'],
  [/\b(?:Classification\w*|Regression\w*|TestAccuracyScore|TestPrecision\w*|TestRecall\w*|TestF1\w*|TestRoc\w*|TestMAE|TestRMSE|TestMeanAbsError\w*)\(/, 'performance'],
  [/\b(?:ColumnDrift\w*|TargetDrift\w*)\([^)\n]{0,80}prediction|\bPredictionDrift\w*\(/, 'predictions'],
];
/** Metric definitions whose name says what is measured: `Counter("predictions_total")`, `name: "answer_count"`. */
const METRIC_NAMES: readonly RegExp[] = [
  /\b(?:Counter|Gauge|Histogram|Summary|Info|Enum)\([ \t]*["']([A-Za-z_][\w:.-]{1,120})["']/,
  /\b(?:CreateCounter|CreateGauge|CreateHistogram|CreateSummary|CreateUpDownCounter|create_counter|create_histogram|create_up_down_counter|createCounter|createHistogram|createUpDownCounter)(?:<[\w ,]{1,40}>)?\([ \t]*["']([A-Za-z_][\w:.-]{1,120})["']/,
  /\.builder\([ \t]*"([A-Za-z_][\w:.-]{1,120})"/,
  /\.(?:counter|gauge|histogram|summary)\([ \t]*:([A-Za-z_]\w{1,120})/,
  /\bregister\([ \t]*:(?:gauge|counter|histogram|summary),[ \t]*["']([\w:.-]{1,120})["']/,
  /(?:^|[{,(])[ \t]{0,40}[Nn]ame:[ \t]*["']([A-Za-z_][\w:.-]{1,120})["']/,
];
/** Evidently test bounds and drift settings: `TestShareOfDriftedColumns(lt=0.3)`, `stattest_threshold=0.2`. */
const EVIDENTLY_BOUND = /\b(lt|gt|lte|gte|eq|stattest_threshold|drift_share|cat_stattest_threshold|num_stattest_threshold|threshold)[ \t]{0,4}=[ \t]{0,4}(-?\d{0,9}\.?\d{1,12})(?![\w.])/;
/** `DRIFT_THRESHOLDS = {` / `skew_thresholds = {`: a dict of per-feature limits follows. */
const THRESHOLD_DICT = /\b((?:SKEW|DRIFT|ATTRIBUTION)_THRESHOLDS?|(?:skew|drift|attribution)_thresholds?)[ \t]{0,4}=[ \t]{0,4}\{/;
const DICT_ENTRY = /^[ \t]{0,40}["']([\w.-]{1,80})["'][ \t]{0,4}:[ \t]{0,4}(-?\d{0,9}\.?\d{1,12})[ \t]{0,4},?/;
const COMMENT = /^[ \t]{0,80}(?:#|\/\/|\*|\/\*|--)/;

/**
 * What one source file (or a notebook's code cells, joined) does to monitor: null when it defines no metric,
 * sends no telemetry and runs no drift or quality monitor.
 */
export function readMonitoringCode(text: string): MonitoringCode | null {
  const lines = text.split('\n', MAX_LINES);
  const libraries = new Set<MonitoringLibrary>();
  const categories = new Set<WatchCategory>();
  const metrics = new Set<string>();
  const thresholds: string[] = [];
  let first = 0;
  let dictName: string | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.length > 400 || COMMENT.test(line)) continue;
    for (const usage of USAGES) {
      if (!usage.pattern.test(line)) continue;
      libraries.add(usage.library);
      for (const category of usage.categories) categories.add(category);
      if (first === 0) first = index + 1;
    }
    for (const pattern of METRIC_NAMES) {
      const name = pattern.exec(line);
      if (name && metrics.size < MAX_NAMES) metrics.add(name[1]);
    }
    for (const [pattern, category] of EVIDENTLY_CATEGORIES) if (pattern.test(line)) categories.add(category);
    const bound = EVIDENTLY_BOUND.exec(line);
    if (bound && thresholds.length < MAX_THRESHOLDS) thresholds.push(`${bound[1]}=${bound[2]}`);
    const dict = THRESHOLD_DICT.exec(line);
    if (dict) {
      dictName = dict[1].toLowerCase();
      continue;
    }
    if (dictName !== null) {
      const entry = DICT_ENTRY.exec(line);
      if (entry && thresholds.length < MAX_THRESHOLDS) thresholds.push(`${dictName} ${entry[1]} ${entry[2]}`);
      else if (line.includes('}')) dictName = null;
    }
  }
  if (libraries.size === 0) return null;
  const hasModelMonitor = [...libraries].some((library) => !SERVICE_LIBRARIES.has(library));
  if (!hasModelMonitor) thresholds.length = 0; // bucket bounds and timeouts in service code are not alert limits
  // Evidently alone says nothing until its presets do; a file that imports it but builds no report is not monitoring.
  if (libraries.size === 1 && libraries.has('evidently') && categories.size === 0) return null;
  for (const category of categoriesOf([...metrics].join('\n'))) categories.add(category);
  return { libraries: [...libraries], categories, metrics: [...metrics], thresholds, line: first };
}

/** Compose services that watch or collect from the others (Grafana, Prometheus, Kibana, Fluentd, Loki, Jaeger …). */
const STACK_IMAGE = /(?:^|[/_-])(grafana|prometheus|alertmanager|kibana|fluentd|fluent-bit|loki|promtail|jaeger|tempo|zipkin|otel-collector|opentelemetry-collector|opentelemetry-collector-contrib|evidently|datadog-agent|elastic-agent|signoz|uptime-kuma|netdata)(?:$|[:@/_-])/i;

/** The monitoring components a parsed Compose file runs (by image or service name). */
export function readMonitoringStack(value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const services = (value as Record<string, unknown>).services;
  if (!services || typeof services !== 'object' || Array.isArray(services)) return [];
  const found = new Set<string>();
  for (const [name, service] of Object.entries(services).slice(0, 200)) {
    const image = service && typeof service === 'object' && !Array.isArray(service) ? (service as Record<string, unknown>).image : undefined;
    for (const candidate of [typeof image === 'string' ? image.slice(0, 200) : '', name.slice(0, 100)]) {
      const match = STACK_IMAGE.exec(candidate);
      if (match) found.add(match[1].toLowerCase());
    }
  }
  return [...found];
}
