#!/usr/bin/python3
"""Chat-template goldens for ChatTemplateTest: renders templates with jinja2 exactly as transformers does
(ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols]) plus the
raise_exception global) and writes testdata/templates/cases.json. Run with /usr/bin/python3 (jinja2 3.1)."""
import json
import os

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def render(template, **ctx):
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.globals["raise_exception"] = raise_exception
    return env.from_string(template).render(**ctx)


def main():
    with open(os.path.join(ROOT, "testdata/models/tiny-gqa-f32/chat_template.json")) as f:
        smol = json.load(f)["chat_template"]
    img_text = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Hi?"}]}]
    cases = [
        ("smolvlm_image_first", smol, img_text, True),
        ("smolvlm_no_generation_prompt", smol, img_text, False),
        ("smolvlm_roles_capitalized", smol, [
            {"role": "system", "content": [{"type": "text", "text": "Be brief."}]},
            {"role": "USER", "content": [{"type": "text", "text": "a"}, {"type": "image"}, {"type": "image"}]},
            {"role": "assistant", "content": [{"type": "text", "text": " ok"}]},
            {"role": "uSeR", "content": [{"type": "video"}, {"type": "text", "text": "and {{ this }} {% raw %}"}]}],
         True),
        ("smolvlm_unicode_text", smol, [{"role": "user", "content": [
            {"type": "text", "text": "Ünïcödé — 日本語 🙂\n\ttabs  and\nnewlines\n"}]}], True),
        ("trim_and_lstrip_blocks",
         "{% for m in messages %}\n    {% if m.role == 'user' %}\n<u>{{ m.content[0].text }}\n    {% else %}\n"
         "<a>{{ m['content'][0]['text'] }}\n    {% endif %}\n{% endfor %}\n{% if add_generation_prompt %}<a>{% endif %}\n",
         [{"role": "user", "content": [{"type": "text", "text": "q"}]},
          {"role": "assistant", "content": [{"type": "text", "text": "r"}]}], True),
        ("whitespace_control_and_loop",
         "{%- for m in messages -%}\n  {{- bos_token if loop.first else '' -}}\n  [{{ loop.index0 }}/{{ messages|length }}]"
         "{{ m.role|upper }}:{{ m.content[0].text|trim }}{% if not loop.last %}|{% endif %}\n{%- endfor %}",
         [{"role": "user", "content": [{"type": "text", "text": "  x  "}]},
          {"role": "assistant", "content": [{"type": "text", "text": "y"}]},
          {"role": "user", "content": [{"type": "text", "text": "z"}]}], False),
        ("system_split_slice",
         "{% if messages[0]['role'] == 'system' %}{% set sys = messages[0]['content'][0]['text'] %}"
         "{% set rest = messages[1:] %}{% else %}{% set sys = 'default' %}{% set rest = messages %}{% endif %}"
         "S={{ sys }};{% for m in rest %}{{ m['role'] ~ '=' ~ m['content'][0]['text'] }};{% endfor %}",
         [{"role": "system", "content": [{"type": "text", "text": "sys!"}]},
          {"role": "user", "content": [{"type": "text", "text": "u1"}]}], False),
        ("if_defined_and_in",
         "{% if tools is defined %}T{% else %}noT{% endif %}{% for m in messages %}"
         "{% if m.role in ['user', 'assistant'] %}{{ m.role[1:] }}{% endif %}{% endfor %}{{ eos_token }}",
         [{"role": "user", "content": [{"type": "text", "text": "a"}]},
          {"role": "tool", "content": [{"type": "text", "text": "b"}]}], False),
        ("trailing_newline_dropped", "{{ messages[0]['content'][0]['text'] }}\n",
         [{"role": "user", "content": [{"type": "text", "text": "end"}]}], False),
    ]
    out = []
    for name, tpl, msgs, gen in cases:
        out.append({"name": name, "template": tpl, "messages": msgs, "add_generation_prompt": gen,
                    "variables": {"bos_token": "<|im_start|>", "eos_token": "<end_of_utterance>"},
                    "expected": render(tpl, messages=msgs, add_generation_prompt=gen,
                                       bos_token="<|im_start|>", eos_token="<end_of_utterance>")})
    # raise_exception: the template's own message is the error.
    tpl = "{% if messages[0]['role'] != 'user' %}{{ raise_exception('Conversations must start with a user turn') }}{% endif %}ok"
    msgs = [{"role": "assistant", "content": [{"type": "text", "text": "x"}]}]
    try:
        render(tpl, messages=msgs, add_generation_prompt=False)
        raise SystemExit("expected an error")
    except jinja2.exceptions.TemplateError as e:
        out.append({"name": "raise_exception", "template": tpl, "messages": msgs, "add_generation_prompt": False,
                    "variables": {}, "error": str(e)})
    os.makedirs(os.path.join(ROOT, "testdata/templates"), exist_ok=True)
    with open(os.path.join(ROOT, "testdata/templates/cases.json"), "w") as f:
        json.dump({"jinja2_version": jinja2.__version__, "cases": out}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
