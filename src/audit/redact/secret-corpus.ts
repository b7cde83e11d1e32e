// Test corpus for the redactor: obviously fake secrets generated from each
// provider's documented shape (seeded, so every run sees the same values), in
// the formats they leak in, and look-alike values that are not secrets. No real
// key appears in this file, and none is spelled out literally.

/** A text that holds secrets, and the secret values that must not survive redaction. */
export interface SecretSample {
  readonly name: string;
  readonly text: string;
  readonly secrets: readonly string[];
}

/** A text with no secret in it, which redaction should leave alone. */
export interface NonSecretSample {
  readonly name: string;
  readonly text: string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const TOKEN = ALNUM + '_-';
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';

/** A small seeded generator (mulberry32), so fake values are random-looking yet stable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the corpora from a seed. */
export function buildCorpus(seed = 42): { secrets: SecretSample[]; nonSecrets: NonSecretSample[] } {
  const rnd = seededRandom(seed);
  const pick = (alphabet: string, n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    // Generated values must look random: make sure of a digit and both cases where the alphabet has them.
    return s;
  };
  const mixed = (alphabet: string, n: number): string => {
    const core = pick(alphabet, n - 3);
    return core + (alphabet.includes('A') ? 'Q' : '') + (alphabet.includes('a') ? 'z' : '') + (alphabet.includes('7') ? '7' : '');
  };
  const secrets: SecretSample[] = [];
  const add = (name: string, make: (v: string) => string, value: string): void => {
    secrets.push({ name, text: make(value), secrets: [value] });
  };
  const inFormats = (name: string, value: string, envName: string): void => {
    add(`${name} in plain text`, (v) => `using key ${v} for the request`, value);
    add(`${name} in an env file`, (v) => `# settings\n${envName}=${v}\nDEBUG=1\n`, value);
    add(`${name} in JSON`, (v) => JSON.stringify({ service: name, credentials: { value: v } }, null, 2), value);
  };

  // Provider keys, each in plain text, an env file and JSON.
  inFormats('Anthropic key', `sk-ant-api03-${mixed(TOKEN, 93)}AA`, 'ANTHROPIC_API_KEY');
  inFormats('OpenAI project key', `sk-proj-${mixed(TOKEN, 156)}`, 'OPENAI_API_KEY');
  inFormats('OpenAI legacy key', `sk-${mixed(ALNUM, 48)}`, 'OPENAI_KEY');
  inFormats('GitHub classic token', `ghp_${mixed(ALNUM, 36)}`, 'GH_TOKEN');
  inFormats('GitHub fine-grained token', `github_pat_${mixed(ALNUM, 22)}_${mixed(ALNUM, 59)}`, 'GITHUB_PAT');
  inFormats('GitLab token', `glpat-${mixed(TOKEN, 20)}`, 'GITLAB_TOKEN');
  inFormats('Slack bot token', `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${mixed(ALNUM, 24)}`, 'SLACK_BOT_TOKEN');
  inFormats('AWS access key id', `AKIA${pick(UPPER + DIGITS, 15)}7`, 'AWS_ACCESS_KEY_ID');
  inFormats('Google API key', `AIza${mixed(TOKEN, 35)}`, 'GOOGLE_API_KEY');
  inFormats('Telegram bot token', `${pick(DIGITS, 10)}:AA${mixed(TOKEN, 33)}`, 'TELEGRAM_BOT_TOKEN');
  inFormats('Stripe live key', `sk_live_${mixed(ALNUM, 99)}`, 'STRIPE_SECRET_KEY');
  inFormats('npm token', `npm_${mixed(ALNUM, 36)}`, 'NPM_TOKEN');
  inFormats('JWT', `eyJ${mixed(TOKEN, 33)}.eyJ${mixed(TOKEN, 60)}.${mixed(TOKEN, 43)}`, 'ID_TOKEN');

  // One format each for the rest.
  add('GitHub OAuth token', (v) => `remote: https://x-access-token:${v}@github.com/o/r.git`, `gho_${mixed(ALNUM, 36)}`);
  add('GitHub app token', (v) => `token ${v}`, `ghs_${mixed(ALNUM, 36)}`);
  add('Slack user token', (v) => `"token": "${v}"`, `xoxp-${pick(DIGITS, 11)}-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(HEX, 32)}`);
  add('Slack app token', (v) => `SLACK_APP_TOKEN=${v}`, `xapp-1-A${pick(UPPER + DIGITS, 10)}-${pick(DIGITS, 13)}-${pick(HEX, 64)}`);
  add('Slack webhook', (v) => `POST https://hooks.slack.com/services/${v}`, `T${pick(UPPER + DIGITS, 8)}/B${pick(UPPER + DIGITS, 10)}/${mixed(ALNUM, 24)}`);
  add('Discord webhook', (v) => `webhook: https://discord.com/api/webhooks/${pick(DIGITS, 18)}/${v}`, mixed(TOKEN, 68));
  add('Discord bot token', (v) => `client.login('${v}')`, `M${mixed(TOKEN, 25)}.${pick(TOKEN, 6)}.${mixed(TOKEN, 38)}`);
  add('AWS session key id', (v) => `aws_access_key_id = ${v}`, `ASIA${pick(UPPER + DIGITS, 15)}9`);
  add('AWS secret key (ini)', (v) => `[default]\naws_secret_access_key = ${v}\n`, mixed(B64, 40));
  add('AWS secret key (bare env)', (v) => `export AWS_SECRET_ACCESS_KEY="${v}"`, mixed(B64, 40));
  add('Google OAuth client secret', (v) => `"client_secret":"${v}"`, `GOCSPX-${mixed(TOKEN, 28)}`);
  add('Google OAuth access token', (v) => `access ${v} expires in 3599`, `ya29.${mixed(TOKEN, 150)}`);
  add('Google refresh token', (v) => `refresh: ${v}`, `1//0${mixed(TOKEN, 100)}`);
  add('Stripe restricted key', (v) => `stripe.api_key = "${v}"`, `rk_live_${mixed(ALNUM, 99)}`);
  add('Stripe webhook secret', (v) => `STRIPE_WEBHOOK_SECRET=${v}`, `whsec_${mixed(ALNUM, 32)}`);
  add('Hugging Face token', (v) => `huggingface-cli login --token ${v}`, `hf_${mixed(UPPER + LOWER, 34)}`);
  add('SendGrid key', (v) => `SENDGRID=${v}`, `SG.${mixed(TOKEN, 22)}.${mixed(TOKEN, 43)}`);
  add('Groq key', (v) => `groq key ${v}`, `gsk_${mixed(ALNUM, 52)}`);
  add('DigitalOcean token', (v) => `doctl auth init -t ${v}`, `dop_v1_${pick(HEX, 64)}`);
  add('Shopify token', (v) => `X-Shopify-Access-Token: ${v}`, `shpat_${pick(HEX, 32)}`);
  add('Twilio API key', (v) => `twilio sid ${v}`, `SK${pick(HEX, 32)}`);
  add('Mailgun key', (v) => `api:${v}`, `key-${pick(HEX, 32)}`);
  add('PyPI token', (v) => `password = ${v}`, `pypi-${mixed(TOKEN, 120)}`);
  add('Doppler token', (v) => `DOPPLER_TOKEN=${v}`, `dp.st.${mixed(ALNUM, 43)}`);
  add('Linear key', (v) => `linear ${v}`, `lin_api_${mixed(ALNUM, 40)}`);

  // Generic pairs and contexts.
  add('password= in env', (v) => `DB_PASSWORD=${v}\n`, `Tr0ub4dor&3x`.replace('&', 'q'));
  add('password in JSON with spaces', (v) => `{"user":"admin","password":"${v}"}`, 'correct horse battery staple');
  add('password in YAML', (v) => `database:\n  user: app\n  password: ${v}\n`, 'hunter2hunter2');
  add('secret in YAML quoted', (v) => `client_secret: '${v}'`, mixed(ALNUM, 30));
  add('token= in a URL query', (v) => `GET /callback?code=1&access_token=${v}&state=x`, mixed(TOKEN, 40));
  add('api_key: in a config', (v) => `api_key: ${v}`, pick(HEX, 32));
  add('apiKey in JS', (v) => `const apiKey = "${v}";`, mixed(ALNUM, 32));
  add('secret in Ruby hash', (v) => `config.secret_key_base => '${v}'`, pick(HEX, 128));
  add('JSON in a JSON string', (v) => JSON.stringify({ body: JSON.stringify({ token: v }) }), mixed(ALNUM, 28));
  add('URL user:pass@', (v) => `git clone https://deploy:${v}@git.example.com/repo.git`, mixed(ALNUM, 20));
  add('Postgres URL', (v) => `DATABASE_URL=postgres://app:${v}@db.internal:5432/app`, mixed(ALNUM, 18));
  add('MongoDB SRV URL', (v) => `mongodb+srv://root:${v}@cluster0.example.net/test`, mixed(ALNUM, 16));
  add('Redis URL', (v) => `redis://:${v}@cache:6379/0`, mixed(ALNUM, 24));
  add('Authorization Bearer', (v) => `curl -H "Authorization: Bearer ${v}" https://api.example.com`, mixed(TOKEN, 40));
  add('Authorization Basic', (v) => `Authorization: Basic ${v}`, Buffer.from(`admin:${mixed(ALNUM, 16)}`).toString('base64'));
  add('x-api-key header', (v) => `x-api-key: ${v}`, mixed(ALNUM, 32));
  add('Cookie header', (v) => `Cookie: sessionid=${v}; theme=dark`, mixed(ALNUM, 32));
  add('--password flag', (v) => `mysql -u root --password ${v} app`, 'S3cretPassw0rd');
  add('--token= flag', (v) => `gh auth login --token=${v}`, mixed(ALNUM, 40));
  add('.npmrc auth token', (v) => `//registry.npmjs.org/:_authToken=${v}`, mixed(TOKEN, 36));
  add('Docker config auth', (v) => `{"auths":{"ghcr.io":{"auth":"${v}"}}}`, Buffer.from(`me:${mixed(ALNUM, 24)}`).toString('base64'));
  add('Azure storage key', (v) => `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${v};EndpointSuffix=core.windows.net`, `${mixed(B64, 86)}==`);
  add('netrc', (v) => `machine api.example.com login me password ${v}`, mixed(ALNUM, 20));
  add('high-entropy session key', (v) => `session_key=${v}`, mixed(ALNUM, 32));
  add('kubeconfig token', (v) => `users:\n- name: admin\n  user:\n    token: ${v}\n`, mixed(TOKEN, 64));
  const pemBody = Array.from({ length: 12 }, () => pick(B64, 64)).join('\n');
  add('PEM RSA private key', (v) => `key:\n-----BEGIN RSA PRIVATE KEY-----\n${v}\n-----END RSA PRIVATE KEY-----\n`, pemBody);
  add('PEM OpenSSH private key', (v) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${v}\n-----END OPENSSH PRIVATE KEY-----`, pemBody.slice(0, 400));
  add('PEM EC key, end line missing', (v) => `-----BEGIN EC PRIVATE KEY-----\n${v}\n`, pemBody.slice(0, 300));
  add('GCP service account JSON', (v) => JSON.stringify({ type: 'service_account', private_key: `-----BEGIN PRIVATE KEY-----\n${v}\n-----END PRIVATE KEY-----\n` }), pemBody.slice(0, 500).replace(/\n/g, ''));

  const nonSecrets: NonSecretSample[] = [];
  const keep = (name: string, text: string): void => void nonSecrets.push({ name, text });
  for (let i = 0; i < 6; i++) keep(`npm lockfile integrity ${i}`, `      "integrity": "sha512-${pick(B64, 86)}==",`);
  for (let i = 0; i < 3; i++) keep(`yarn lockfile integrity ${i}`, `  integrity sha1-${pick(B64, 27)}=`);
  keep('pnpm lockfile', `  resolution: {integrity: sha512-${pick(B64, 86)}==}`);
  keep('Go sum', `golang.org/x/text v0.14.0 h1:${pick(B64, 43)}=`);
  keep('Cargo checksum', `checksum = "${pick(HEX, 64)}"`);
  for (let i = 0; i < 5; i++) keep(`git SHA ${i}`, `commit ${pick(HEX, 40)}\nMerge: ${pick(HEX, 7)} ${pick(HEX, 7)}`);
  keep('git log oneline', `${pick(HEX, 7)} Fix the tokenizer for long inputs`);
  for (let i = 0; i < 4; i++) keep(`UUID ${i}`, `request ${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-a${pick(HEX, 3)}-${pick(HEX, 12)} done`);
  keep('JSON with ids', JSON.stringify({ id: `${pick(HEX, 8)}-${pick(HEX, 4)}-${pick(HEX, 4)}-${pick(HEX, 4)}-${pick(HEX, 12)}`, status: 'ok' }));
  keep('base64 PNG', `<img src="data:image/png;base64,${pick(B64, 400)}">`);
  keep('base64 in CSS', `background: url(data:image/gif;base64,${pick(B64, 120)});`);
  keep('docker image digest', `image: node@sha256:${pick(HEX, 64)}`);
  keep('SRI hash', `<script src="x.js" integrity="sha384-${pick(B64, 64)}"></script>`);
  keep('source map mappings', `"mappings": "AAAA,SAAS,GAAG;AACZ,${pick(ALNUM, 40)}"`);
  keep('ssh public key', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${pick(B64, 43)} me@laptop`);
  keep('token count', 'max_tokens: 4096\ninput_tokens=1532 output_tokens=87');
  keep('token type', 'token_type: bearer\nexpires_in: 3600');
  keep('token in prose', 'error: token: expired, please sign in again');
  keep('password prompt', 'Enter password: ');
  keep('password file path', 'password_file=/run/secrets/db_password');
  keep('variable references', 'GITHUB_TOKEN=${GITHUB_TOKEN}\nAPI_KEY=$API_KEY\npassword: <your-password>');
  keep('GitHub Actions secret ref', 'token: ${{ secrets.GITHUB_TOKEN }}');
  keep('k8s secret name', 'secretName: my-tls-secret\nsecretKeyRef:\n  name: db');
  keep('plain key names', '"key": "react-dom"\n"keywords": ["secret", "token"]');
  keep('localhost URL', 'listening on http://localhost:8080/ and http://127.0.0.1:3000');
  keep('email and host', 'Author: Dev Person <dev@example.com>\nssh git@github.com');
  keep('compiler error', `src/auth/token-store.ts(12,5): error TS2322: Type 'string' is not assignable to type 'Token'.`);
  keep('stack trace', '    at PasswordValidator.validate (/workspace/src/password.ts:42:13)');
  keep('hex color and numbers', 'color: #ff00aa; width: 1024px; build 20240506.3');
  keep('semver and paths', 'added 1532 packages from 812 contributors in 42.1s\nnode_modules/@types/node/index.d.ts');
  keep('npm resolved URL', `"resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"`);
  keep('AWS example ARN', 'arn:aws:iam::123456789012:role/deploy');
  keep('AKIA word without key', 'AKIA is the prefix of long-term AWS key ids');
  keep('sk- in a word', 'task-runner disk-usage risk-free scikit-learn');
  keep('npm package signature', `"sig": "MEUCIQ${pick(B64, 90)}"`);
  keep('random hex in a log', `trace=${pick(HEX, 32)} span=${pick(HEX, 16)}`);
  keep('timestamps', '2024-05-06T12:00:00.000Z 12:00:01.123 +0200');
  return { secrets, nonSecrets };
}
