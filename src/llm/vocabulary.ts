// Words that identify models, providers and generation settings in documentation. Linear-time patterns only.

/** Model names as vendors write them: gpt-4o-mini, o3-mini, claude-3-5-sonnet, Claude 3.5 Sonnet, gemini-1.5-pro, llama-3.1-8b, … */
export const MODEL_NAME =
  /\b(?:gpt-?[345](?:\.\d)?(?:o)?(?:-[\w.]+)*|o[134](?:-(?:mini|preview|pro))?|chatgpt-[\w.-]+|claude(?:[- ](?:instant|haiku|sonnet|opus|\d(?:[.-]\d)?))+(?:[- ][\w.]+)*|gemini[- ](?:\d(?:\.\d)?|pro|flash|ultra)(?:[- ][\w.]+)*|(?:meta-)?llama[- ]?\d(?:\.\d)?(?:[- ][\w.]+)*|mistral[- ](?:small|medium|large|7b|nemo|tiny)[\w.-]*|mixtral[- ][\w.-]+|command(?:-r|-r-plus|-light|-a)(?:[\w.-]*)|phi-\d(?:\.\d)?[\w.-]*|qwen[\d.]*(?:-[\w.]+)*|deepseek-[\w.-]+|gemma[- ]?\d?[\w.-]*|titan-[\w.-]+|(?:text-)?embedding-[\w.-]+|embed-(?:english|multilingual)-[\w.-]+|amazon\.titan-[\w.:-]+|anthropic\.claude-[\w.:-]+|cohere\.[\w.:-]+)/i;

export const PROVIDER_NAME =
  /\b(?:openai|azure openai|azure ai|anthropic|amazon bedrock|aws bedrock|bedrock|vertex ai|google (?:ai|gemini|cloud)|gemini api|mistral(?: ai)?|cohere|groq|together(?: ai)?|fireworks|replicate|hugging ?face|ollama|vllm|self-hosted|on-prem(?:ises)?|litellm|voyage ai)\b/i;

/** Also inside a setting's name: `AZURE_OPENAI_TEMPERATURE`, `LLM_MAX_TOKENS`. */
export const TEMPERATURE = /(?:\b|_)temperature(?:\b|_)/i;
export const MAX_TOKENS =
  /(?:\b|_)max(?:imum)?[_ -]?(?:output[_ -]?|new[_ -]?|completion[_ -]?|response[_ -]?)?tokens(?:\b|_)|\bmaxOutputTokens\b|\bmaximum number of (?:output |generated |completion )?tokens\b|\btoken (?:limit|budget)\b|\bmax_tokens_to_sample\b/i;
