// What a dependency says about an LLM system: which packages are model-provider SDKs (and whose API they call),
// LLM frameworks, local inference servers, vector stores, LLM evaluation, guardrail and tracing tools. Python
// names are PEP 503-normalised, npm names as written. One table, so adding a package is adding one line.

export type LlmPackageRole =
  /** Calls a hosted model API. */
  | 'provider-sdk'
  /** Orchestrates prompts, chains, agents (may call any provider). */
  | 'framework'
  /** Routes calls to hosted providers (LiteLLM, Portkey). */
  | 'gateway'
  /** Runs models on the team's own hardware. */
  | 'local-inference'
  /** Model libraries that are an LLM system only when code generates text with them. */
  | 'weak'
  | 'vector-store'
  | 'llm-eval'
  | 'guardrails'
  /** Sends prompts and responses to a tracing service. */
  | 'tracing';

export interface LlmPackage {
  role: LlmPackageRole;
  /** The hosted service that receives data when this package is used. */
  provider?: string;
}

const OPENAI = 'OpenAI';
const ANTHROPIC = 'Anthropic';
const GOOGLE = 'Google (Gemini / Vertex AI)';
const BEDROCK = 'Amazon Bedrock';
const AZURE = 'Azure OpenAI';
const MISTRAL = 'Mistral AI';
const COHERE = 'Cohere';

const PYTHON: Readonly<Record<string, LlmPackage>> = {
  openai: { role: 'provider-sdk', provider: OPENAI },
  anthropic: { role: 'provider-sdk', provider: ANTHROPIC },
  cohere: { role: 'provider-sdk', provider: COHERE },
  mistralai: { role: 'provider-sdk', provider: MISTRAL },
  'google-generativeai': { role: 'provider-sdk', provider: GOOGLE },
  'google-genai': { role: 'provider-sdk', provider: GOOGLE },
  // The Vertex AI platform SDK runs training jobs and pipelines as often as Gemini calls: an LLM system only with generation code.
  'google-cloud-aiplatform': { role: 'weak', provider: GOOGLE },
  vertexai: { role: 'provider-sdk', provider: GOOGLE },
  groq: { role: 'provider-sdk', provider: 'Groq' },
  together: { role: 'provider-sdk', provider: 'Together AI' },
  'fireworks-ai': { role: 'provider-sdk', provider: 'Fireworks AI' },
  replicate: { role: 'provider-sdk', provider: 'Replicate' },
  voyageai: { role: 'provider-sdk', provider: 'Voyage AI' },
  ai21: { role: 'provider-sdk', provider: 'AI21 Labs' },
  'azure-ai-inference': { role: 'provider-sdk', provider: AZURE },
  'azure-ai-openai': { role: 'provider-sdk', provider: AZURE },
  litellm: { role: 'gateway', provider: 'providers routed by LiteLLM' },
  'portkey-ai': { role: 'gateway', provider: 'providers routed by Portkey' },
  langchain: { role: 'framework' },
  'langchain-core': { role: 'framework' },
  'langchain-community': { role: 'framework' },
  langgraph: { role: 'framework' },
  'llama-index': { role: 'framework' },
  'llama-index-core': { role: 'framework' },
  'haystack-ai': { role: 'framework' },
  'farm-haystack': { role: 'framework' },
  dspy: { role: 'framework' },
  'dspy-ai': { role: 'framework' },
  'semantic-kernel': { role: 'framework' },
  instructor: { role: 'framework' },
  guidance: { role: 'framework' },
  pyautogen: { role: 'framework' },
  'autogen-agentchat': { role: 'framework' },
  crewai: { role: 'framework' },
  'pydantic-ai': { role: 'framework' },
  'pydantic-ai-slim': { role: 'framework' },
  outlines: { role: 'framework' },
  mirascope: { role: 'framework' },
  marvin: { role: 'framework' },
  promptflow: { role: 'framework' },
  prompty: { role: 'framework' },
  vllm: { role: 'local-inference' },
  'llama-cpp-python': { role: 'local-inference' },
  ollama: { role: 'local-inference' },
  'text-generation': { role: 'local-inference' },
  ctransformers: { role: 'local-inference' },
  exllamav2: { role: 'local-inference' },
  gpt4all: { role: 'local-inference' },
  'mlc-llm': { role: 'local-inference' },
  sglang: { role: 'local-inference' },
  transformers: { role: 'weak' },
  trl: { role: 'weak' },
  peft: { role: 'weak' },
  'faiss-cpu': { role: 'vector-store' },
  'faiss-gpu': { role: 'vector-store' },
  chromadb: { role: 'vector-store' },
  pinecone: { role: 'vector-store', provider: 'Pinecone' },
  'pinecone-client': { role: 'vector-store', provider: 'Pinecone' },
  'qdrant-client': { role: 'vector-store' },
  'weaviate-client': { role: 'vector-store' },
  pgvector: { role: 'vector-store' },
  pymilvus: { role: 'vector-store' },
  lancedb: { role: 'vector-store' },
  redisvl: { role: 'vector-store' },
  'langchain-text-splitters': { role: 'vector-store' },
  deepeval: { role: 'llm-eval' },
  ragas: { role: 'llm-eval' },
  'trulens-eval': { role: 'llm-eval' },
  trulens: { role: 'llm-eval' },
  evals: { role: 'llm-eval' },
  'lm-eval': { role: 'llm-eval' },
  nemoguardrails: { role: 'guardrails' },
  'guardrails-ai': { role: 'guardrails' },
  'llm-guard': { role: 'guardrails' },
  'presidio-analyzer': { role: 'guardrails' },
  'presidio-anonymizer': { role: 'guardrails' },
  rebuff: { role: 'guardrails' },
  langsmith: { role: 'tracing', provider: 'LangSmith' },
  langfuse: { role: 'tracing', provider: 'Langfuse' },
  helicone: { role: 'tracing', provider: 'Helicone' },
  'arize-phoenix': { role: 'tracing' },
  weave: { role: 'tracing', provider: 'W&B Weave' },
};

const NPM: Readonly<Record<string, LlmPackage>> = {
  openai: { role: 'provider-sdk', provider: OPENAI },
  '@anthropic-ai/sdk': { role: 'provider-sdk', provider: ANTHROPIC },
  '@anthropic-ai/bedrock-sdk': { role: 'provider-sdk', provider: BEDROCK },
  '@anthropic-ai/vertex-sdk': { role: 'provider-sdk', provider: GOOGLE },
  '@google/generative-ai': { role: 'provider-sdk', provider: GOOGLE },
  '@google/genai': { role: 'provider-sdk', provider: GOOGLE },
  '@google-cloud/vertexai': { role: 'provider-sdk', provider: GOOGLE },
  '@mistralai/mistralai': { role: 'provider-sdk', provider: MISTRAL },
  'cohere-ai': { role: 'provider-sdk', provider: COHERE },
  'groq-sdk': { role: 'provider-sdk', provider: 'Groq' },
  'together-ai': { role: 'provider-sdk', provider: 'Together AI' },
  replicate: { role: 'provider-sdk', provider: 'Replicate' },
  '@aws-sdk/client-bedrock-runtime': { role: 'provider-sdk', provider: BEDROCK },
  '@azure/openai': { role: 'provider-sdk', provider: AZURE },
  ai: { role: 'framework' },
  langchain: { role: 'framework' },
  llamaindex: { role: 'framework' },
  '@mastra/core': { role: 'framework' },
  ollama: { role: 'local-inference' },
  'node-llama-cpp': { role: 'local-inference' },
  '@mlc-ai/web-llm': { role: 'local-inference' },
  '@pinecone-database/pinecone': { role: 'vector-store', provider: 'Pinecone' },
  chromadb: { role: 'vector-store' },
  '@qdrant/js-client-rest': { role: 'vector-store' },
  'weaviate-client': { role: 'vector-store' },
  'weaviate-ts-client': { role: 'vector-store' },
  pgvector: { role: 'vector-store' },
  '@lancedb/lancedb': { role: 'vector-store' },
  promptfoo: { role: 'llm-eval' },
  langsmith: { role: 'tracing', provider: 'LangSmith' },
  langfuse: { role: 'tracing', provider: 'Langfuse' },
};

const RUBYGEMS: Readonly<Record<string, LlmPackage>> = {
  anthropic: { role: 'provider-sdk', provider: ANTHROPIC },
  openai: { role: 'provider-sdk', provider: OPENAI },
  'ruby-openai': { role: 'provider-sdk', provider: OPENAI },
  'aws-sdk-bedrockruntime': { role: 'provider-sdk', provider: BEDROCK },
  'aws-sdk-bedrockagentruntime': { role: 'provider-sdk', provider: BEDROCK },
  'cohere-ruby': { role: 'provider-sdk', provider: COHERE },
  'gemini-ai': { role: 'provider-sdk', provider: GOOGLE },
  'mistral-ai': { role: 'provider-sdk', provider: MISTRAL },
  langchainrb: { role: 'framework' },
  ruby_llm: { role: 'framework' },
  'omniai': { role: 'framework' },
  'ollama-ai': { role: 'local-inference' },
  neighbor: { role: 'vector-store' },
  pgvector: { role: 'vector-store' },
  'qdrant-ruby': { role: 'vector-store' },
  'pinecone': { role: 'vector-store', provider: 'Pinecone' },
};

/** NuGet ids, lower-cased (NuGet ids are case-insensitive). Families by prefix follow in NUGET_FAMILIES. */
const NUGET: Readonly<Record<string, LlmPackage>> = {
  openai: { role: 'provider-sdk', provider: OPENAI },
  'betalgo.openai': { role: 'provider-sdk', provider: OPENAI },
  'azure.ai.openai': { role: 'provider-sdk', provider: AZURE },
  'azure.ai.inference': { role: 'provider-sdk', provider: AZURE },
  anthropic: { role: 'provider-sdk', provider: ANTHROPIC },
  'anthropic.sdk': { role: 'provider-sdk', provider: ANTHROPIC },
  'awssdk.bedrockruntime': { role: 'provider-sdk', provider: BEDROCK },
  'google.cloud.aiplatform.v1': { role: 'weak', provider: GOOGLE },
  'mistral.sdk': { role: 'provider-sdk', provider: MISTRAL },
  ollamasharp: { role: 'local-inference' },
  langchain: { role: 'framework' },
};
const NUGET_FAMILIES = /^(microsoft\.semantickernel|microsoft\.kernelmemory|microsoft\.extensions\.ai|langchain)(\.|$)/;

/** Go module paths (a `/vN` major-version suffix is dropped before the lookup). */
const GO: Readonly<Record<string, LlmPackage>> = {
  'github.com/sashabaranov/go-openai': { role: 'provider-sdk', provider: OPENAI },
  'github.com/openai/openai-go': { role: 'provider-sdk', provider: OPENAI },
  'github.com/anthropics/anthropic-sdk-go': { role: 'provider-sdk', provider: ANTHROPIC },
  'github.com/liushuangls/go-anthropic': { role: 'provider-sdk', provider: ANTHROPIC },
  'github.com/aws/aws-sdk-go-v2/service/bedrockruntime': { role: 'provider-sdk', provider: BEDROCK },
  'google.golang.org/genai': { role: 'provider-sdk', provider: GOOGLE },
  'github.com/google/generative-ai-go': { role: 'provider-sdk', provider: GOOGLE },
  'cloud.google.com/go/vertexai': { role: 'provider-sdk', provider: GOOGLE },
  'github.com/cohere-ai/cohere-go': { role: 'provider-sdk', provider: COHERE },
  'github.com/tmc/langchaingo': { role: 'framework' },
  'github.com/firebase/genkit/go': { role: 'framework' },
  'github.com/cloudwego/eino': { role: 'framework' },
  'github.com/ollama/ollama': { role: 'local-inference' },
  'github.com/pgvector/pgvector-go': { role: 'vector-store' },
  'github.com/qdrant/go-client': { role: 'vector-store' },
};

const CARGO: Readonly<Record<string, LlmPackage>> = {
  'async-openai': { role: 'provider-sdk', provider: OPENAI },
  'openai-api-rs': { role: 'provider-sdk', provider: OPENAI },
  'anthropic-sdk': { role: 'provider-sdk', provider: ANTHROPIC },
  'anthropic-sdk-rust': { role: 'provider-sdk', provider: ANTHROPIC },
  anthropic: { role: 'provider-sdk', provider: ANTHROPIC },
  'aws-sdk-bedrockruntime': { role: 'provider-sdk', provider: BEDROCK },
  'mistralai-client': { role: 'provider-sdk', provider: MISTRAL },
  'rig-core': { role: 'framework' },
  'langchain-rust': { role: 'framework' },
  'llm-chain': { role: 'framework' },
  genai: { role: 'framework' },
  'ollama-rs': { role: 'local-inference' },
  'llama-cpp-2': { role: 'local-inference' },
  'mistralrs': { role: 'local-inference' },
  'qdrant-client': { role: 'vector-store' },
  pgvector: { role: 'vector-store' },
};

/** Maven coordinates `group:artifact`; whole groups (LangChain4j, Spring AI) follow in MAVEN_GROUPS. */
const MAVEN: Readonly<Record<string, LlmPackage>> = {
  'com.openai:openai-java': { role: 'provider-sdk', provider: OPENAI },
  'com.anthropic:anthropic-java': { role: 'provider-sdk', provider: ANTHROPIC },
  'com.azure:azure-ai-openai': { role: 'provider-sdk', provider: AZURE },
  'software.amazon.awssdk:bedrockruntime': { role: 'provider-sdk', provider: BEDROCK },
  'com.google.cloud:google-cloud-vertexai': { role: 'provider-sdk', provider: GOOGLE },
  'com.google.genai:google-genai': { role: 'provider-sdk', provider: GOOGLE },
  'com.theokanning.openai-gpt3-java:service': { role: 'provider-sdk', provider: OPENAI },
  'com.theokanning.openai-gpt3-java:client': { role: 'provider-sdk', provider: OPENAI },
};
const MAVEN_GROUPS = /^(dev\.langchain4j|org\.springframework\.ai|com\.google\.genkit):/;

const COMPOSER: Readonly<Record<string, LlmPackage>> = {
  'openai-php/client': { role: 'provider-sdk', provider: OPENAI },
  'openai-php/laravel': { role: 'provider-sdk', provider: OPENAI },
  'orhanerday/open-ai': { role: 'provider-sdk', provider: OPENAI },
  'anthropic-ai/sdk': { role: 'provider-sdk', provider: ANTHROPIC },
  'mozex/anthropic-php': { role: 'provider-sdk', provider: ANTHROPIC },
  'google-gemini-php/client': { role: 'provider-sdk', provider: GOOGLE },
  'theodo-group/llphant': { role: 'framework' },
  'prism-php/prism': { role: 'framework' },
  'neuron-core/neuron-ai': { role: 'framework' },
};

export type PackageEcosystem = 'python' | 'npm' | 'rubygems' | 'nuget' | 'go' | 'cargo' | 'maven' | 'composer';

/** Provider integrations named by suffix: `langchain-openai`, `llama-index-llms-anthropic`, `@ai-sdk/mistral`. */
const SUFFIX_PROVIDERS: ReadonlyArray<[RegExp, string]> = [
  [/azure[-_]?openai|azure$/, AZURE],
  [/openai$/, OPENAI],
  [/anthropic$/, ANTHROPIC],
  [/google[-\w]*|gemini|vertex(ai)?$/, GOOGLE],
  [/aws|bedrock$|amazon[-_]bedrock$/, BEDROCK],
  [/mistral(ai)?$/, MISTRAL],
  [/cohere$/, COHERE],
  [/groq$/, 'Groq'],
  [/together(ai)?$/, 'Together AI'],
  [/fireworks$/, 'Fireworks AI'],
];
const VECTOR_SUFFIX = /(chroma|pinecone|qdrant|weaviate|milvus|pgvector|postgres|faiss|lancedb|elasticsearch|opensearch|redis|vector[-_]?stores?)/;

export function classifyPackage(ecosystem: PackageEcosystem, name: string): LlmPackage | null {
  if (ecosystem !== 'python' && ecosystem !== 'npm') return classifyOther(ecosystem, name);
  const table = ecosystem === 'python' ? PYTHON : NPM;
  const known = table[name];
  if (known) return known;
  const integration =
    ecosystem === 'python' ? /^(?:langchain|llama-index(?:-llms|-embeddings|-vector-stores)?)-(.+)$/.exec(name) : /^@(?:langchain|ai-sdk|llamaindex)\/(.+)$/.exec(name);
  if (!integration) return null;
  const suffix = integration[1];
  if (VECTOR_SUFFIX.test(suffix)) return { role: 'vector-store' };
  for (const [pattern, provider] of SUFFIX_PROVIDERS) if (pattern.test(suffix)) return { role: 'provider-sdk', provider };
  return { role: 'framework' };
}

/** Gems, NuGet ids, Go modules, crates, Maven coordinates and Composer packages. */
function classifyOther(ecosystem: Exclude<PackageEcosystem, 'python' | 'npm'>, name: string): LlmPackage | null {
  switch (ecosystem) {
    case 'rubygems':
      return RUBYGEMS[name] ?? null;
    case 'go':
      return GO[name.replace(/\/v\d+$/, '')] ?? null;
    case 'cargo':
      return CARGO[name] ?? null;
    case 'composer':
      return COMPOSER[name.toLowerCase()] ?? null;
    case 'nuget': {
      const id = name.toLowerCase();
      if (NUGET[id]) return NUGET[id];
      // Semantic Kernel, Kernel Memory, Microsoft.Extensions.AI: the framework, its connectors by their last parts.
      return NUGET_FAMILIES.test(id) ? integration(id.split('.').slice(2).join('-')) : null;
    }
    case 'maven':
      if (MAVEN[name]) return MAVEN[name];
      // LangChain4j and Spring AI modules name their provider or store in the artifact (langchain4j-open-ai, spring-ai-starter-model-anthropic).
      return MAVEN_GROUPS.test(name) ? integration(name.slice(name.indexOf(':') + 1).replace(/^(langchain4j|spring-ai)(-starter)?(-model|-vector-store)?-?/, '').replace(/-spring-boot-starter$/, '').replace(/open-ai/, 'openai')) : null;
  }
}

/** A framework module by what its name ends with: a provider, a vector store, or the framework itself. */
function integration(suffix: string): LlmPackage {
  const tail = suffix.replace(/^(connectors?|ai|memorydb|memory)-/, '');
  if (tail === '' ) return { role: 'framework' };
  if (/ollama|onnx|llamasharp|llama-cpp|local/.test(tail)) return { role: 'local-inference' };
  if (VECTOR_SUFFIX.test(tail) || /azureaisearch|azure-ai-search|sqlserver|postgres|mongodb|cosmos|simplevectordb/.test(tail)) return { role: 'vector-store' };
  for (const [pattern, provider] of SUFFIX_PROVIDERS) if (pattern.test(tail)) return { role: 'provider-sdk', provider };
  return { role: 'framework' };
}

/** Extras that route an SDK elsewhere: `anthropic[bedrock]`, `anthropic[vertex]`. */
export function providerForExtras(name: string, extras: readonly string[]): string | null {
  if (name !== 'anthropic') return null;
  if (extras.includes('bedrock')) return BEDROCK;
  if (extras.includes('vertex')) return GOOGLE;
  return null;
}

/** Every package name the catalogue knows, for the skip reason. */
export const LOOKED_FOR =
  'openai, anthropic, cohere, mistralai, google-genai, langchain*, llama-index*, litellm, haystack, dspy, vllm, llama-cpp-python, ollama, @anthropic-ai/sdk, ai (Vercel AI SDK), @ai-sdk/*, @langchain/*; ' +
  'gems anthropic, ruby-openai, aws-sdk-bedrockruntime, langchainrb; NuGet Microsoft.SemanticKernel*, Microsoft.KernelMemory*, Azure.AI.OpenAI, OpenAI, Anthropic.SDK; ' +
  'Go go-openai, openai-go, anthropic-sdk-go, langchaingo; crates async-openai, anthropic-sdk, rig-core; Maven langchain4j, spring-ai, openai-java, azure-ai-openai; Composer openai-php/client';

/** How documentation names each provider (a doc about "Claude via Bedrock" names both Anthropic and Amazon Bedrock). */
const PROVIDER_ALIASES: Readonly<Record<string, RegExp>> = {
  [OPENAI]: /\bopenai\b|\bgpt-?\d/i,
  [ANTHROPIC]: /\banthropic\b|\bclaude\b/i,
  [GOOGLE]: /\bgemini\b|\bvertex\b|\bgoogle\b/i,
  [BEDROCK]: /\bbedrock\b/i,
  [AZURE]: /\bazure\b/i,
  [MISTRAL]: /\bmistral\b|\bmixtral\b/i,
  [COHERE]: /\bcohere\b/i,
  'providers routed by LiteLLM': /\blitellm\b/i,
  'providers routed by Portkey': /\bportkey\b/i,
  'W&B Weave': /\bweave\b/i,
};

export function providerNamedIn(provider: string, text: string): boolean {
  const alias = PROVIDER_ALIASES[provider];
  if (alias) return alias.test(text);
  const word = provider.split(/[\s(]/)[0];
  return new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text);
}
