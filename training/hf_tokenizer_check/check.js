// Cross-checks the Python tokenizer (training/smolvlm/tokenizer.py) against Hugging Face `tokenizers`
// (Rust, via the npm package @anush008/tokenizers, which wraps tokenizers 0.22.2).
// Usage (see training/README.md):  NODE_PATH=/tmp/tokcheck/node_modules node check.js <repo root> [fuzz.json]
const { Tokenizer } = require('@anush008/tokenizers');
const fs = require('fs');
const path = require('path');

async function compare(tok, cases, label) {
  let bad = 0;
  for (const c of cases) {
    const ids = (await tok.encode(c.text, null, { addSpecialTokens: true })).getIds();
    if (JSON.stringify(ids) !== JSON.stringify(c.ids)) {
      bad++;
      if (bad <= 3) console.log(`MISMATCH ${label}: ${JSON.stringify(c.text).slice(0, 80)}\n hf ${JSON.stringify(ids)}\n py ${JSON.stringify(c.ids)}`);
    }
    const text = await tok.decode(ids, false);
    if (text !== c.text) { bad++; console.log(`DECODE ${label}: ${JSON.stringify(c.text).slice(0, 80)}`); }
  }
  return bad;
}

(async () => {
  const repo = process.argv[2];
  let n = 0, bad = 0;
  const gdir = path.join(repo, 'testdata/goldens');
  for (const m of fs.readdirSync(gdir).sort()) {
    for (const f of fs.readdirSync(path.join(gdir, m)).filter(f => f.endsWith('.json')).sort()) {
      const g = JSON.parse(fs.readFileSync(path.join(gdir, m, f)));
      const tok = Tokenizer.fromFile(path.join(repo, g.model, 'tokenizer.json'));
      const cases = [{ text: g.prompt_text, ids: g.prompt_ids }, ...g.tokenizer_cases];
      bad += await compare(tok, cases, `${m}/${f}`);
      n += cases.length;
    }
  }
  if (process.argv[3]) {
    const tok = Tokenizer.fromFile(path.join(repo, 'testdata/models/tiny-gqa-f32/tokenizer.json'));
    const cases = JSON.parse(fs.readFileSync(process.argv[3]));
    bad += await compare(tok, cases, 'fuzz');
    n += cases.length;
  }
  console.log(`${n} encodings checked against HF tokenizers, ${bad} mismatches`);
  process.exit(bad ? 1 : 0);
})();
