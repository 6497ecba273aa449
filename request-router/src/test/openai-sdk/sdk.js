// Talks to a router's OpenAI-compatible API with the official `openai` package, unchanged.
// Usage: node sdk.js BASE_URL API_KEY BUSY_POOL; prints one JSON line of what it saw.
const OpenAI = require('openai');

const [baseURL, apiKey, emptyPool] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const messages = [
  { role: 'system', content: 'You are ELIZA.' },
  { role: 'user', content: 'I feel tired of my job.' },
];

async function errorOf(call) {
  try {
    await call();
    return { none: true };
  } catch (e) {
    return {
      class: e.constructor.name,
      isAuthentication: e instanceof OpenAI.AuthenticationError,
      isNotFound: e instanceof OpenAI.NotFoundError,
      isInternalServer: e instanceof OpenAI.InternalServerError,
      status: e.status,
      code: e.code,
      retryAfter: e.headers ? e.headers.get('retry-after') : null,
    };
  }
}

async function main() {
  const seen = {};
  const completion = await client.chat.completions.create({ model: 'default', messages });
  seen.completion = {
    object: completion.object,
    content: completion.choices[0].message.content,
    finishReason: completion.choices[0].finish_reason,
  };

  const stream = await client.chat.completions.create({ model: 'default', messages, stream: true });
  seen.chunks = [];
  for await (const chunk of stream) {
    seen.chunks.push({
      object: chunk.object,
      content: chunk.choices[0].delta.content ?? null,
      finishReason: chunk.choices[0].finish_reason,
    });
  }

  const models = [];
  for await (const model of client.models.list()) {
    models.push(model.id);
  }
  seen.models = models;

  const stranger = new OpenAI({ baseURL, apiKey: 'sk-wrong', maxRetries: 0 });
  seen.unauthorized = await errorOf(() => stranger.chat.completions.create({ model: 'default', messages }));
  seen.unknownModel = await errorOf(() => client.chat.completions.create({ model: 'no-such-pool', messages }));
  seen.unavailable = await errorOf(() => client.chat.completions.create({ model: emptyPool, messages }));
  console.log(JSON.stringify(seen));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
