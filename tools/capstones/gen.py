"""Writes exercises/<phase>/stage-N.toml for the capstones from the step lists in specs/*.py."""
import importlib.util, pathlib, sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def step_text(step, prefix=""):
    out = ["[[step]]", f"name = {q(prefix + step['name'])}"]
    out.append(step["body"].strip())
    return "\n".join(out) + "\n"

def listify(prompt):
    """Markdown tables in a prompt become lists: prompts are read in narrow panes, where a
    table's long cells would be cut off."""
    out, arrow = [], " → "
    for line in prompt.splitlines():
        t = line.strip()
        if t.startswith("|"):
            cells = [c.strip() for c in t.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            if cells[0] in ("request", "field of `POST /jobs`"):
                arrow = " → " if cells[0] == "request" else ": "
                continue
            out.append(f"- {cells[0]}{arrow}{cells[1]}")
        else:
            out.append(line)
    return "\n".join(out)


def write(spec):
    phase, slug, ref = spec.PHASE, spec.SLUG, spec.REF
    stages = spec.STAGES
    folder = ROOT / "exercises" / phase
    folder.mkdir(parents=True, exist_ok=True)
    for n, stage in enumerate(stages, 1):
        parts = [f'format_version = 1\nid = "cap.{slug}-{n}"\ntitle = {q(stage["title"])}\n'
                 f'phase = "{phase}"\nlesson = "{phase}/01-brief"\nkind = "server"\n'
                 f'difficulty = {min(3, n + 1)}\n']
        parts.append('prompt = """\n' + listify(stage["prompt"].strip()) + "\n" +
                     (("\nThis stage first re-runs the essential steps of the earlier stages (named "
                       + " and ".join(f"`stage {m}: ...`" for m in range(1, n))
                       + "),\nso a change that breaks them is caught here.\n") if n > 1 else "") +
                     f"\nCheck: `backroad check cap.{slug}-{n} --target http://127.0.0.1:8000`\n" + '"""\n')
        parts.append("hints = [\n" + "".join(f"  {q(h)},\n" for h in stage["hints"]) + "]\n")
        parts.append('explanation = """\n' + stage["explanation"].strip() + '\n"""\n')
        parts.append(f'[server]\ndefault_target = "http://127.0.0.1:8000"\n'
                     f'start_hint = "Start your server (for example `python3 server.py`), then run: '
                     f'backroad check cap.{slug}-{n} --target http://127.0.0.1:8000"\n')
        for m in range(1, n):
            for st in stages[m - 1]["steps"]:
                if st.get("essential"):
                    parts.append(step_text(st, f"stage {m}: "))
        for st in stage["steps"]:
            parts.append(step_text(st))
        parts.append(f'[[proof.pass]]\nname = "the reference in Python"\nrun = "python3 references/{ref} {{port}}"\n')
        for bug, why, fails_at in stage["bugs"]:
            parts.append(f'[[proof.fail]]\nwhy = {q(why)}\nrun = "python3 references/{ref} {{port}} --bug {bug}"\n'
                         f'fails_at = {q(fails_at)}\n')
        (folder / f"stage-{n}.toml").write_text("\n".join(parts))
        print("wrote", folder / f"stage-{n}.toml")

for path in sys.argv[1:]:
    s = importlib.util.spec_from_file_location("spec", path)
    mod = importlib.util.module_from_spec(s); s.loader.exec_module(mod)
    write(mod)
