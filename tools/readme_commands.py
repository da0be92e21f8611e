"""Print a command that README.md gives, so that CI runs exactly what a reader is told to run.

    python tools/readme_commands.py run    # the install + run command (the line that runs `depthclip demo`)
    python tools/readme_commands.py test   # the test command (the line that runs `pytest`)

Commands are lines of the README's ```sh blocks; exactly one line must match, else this exits 1.
"""
from __future__ import annotations
import re, sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent/'README.md'
WHICH = {'run': re.compile(r'\bdepthclip demo\b'), 'test': re.compile(r'\bpytest\b')}

def sh_lines(text:str)->list:
    "The lines inside the ```sh code blocks of a Markdown text."
    return [l.strip() for block in re.findall(r'^```sh\n(.*?)^```', text, flags=re.S | re.M) for l in block.splitlines() if l.strip()]

def command(which:str, text:str|None=None)->str:
    "The one README command of a kind ('run' or 'test')."
    text = README.read_text(encoding='utf-8') if text is None else text
    found = [l for l in sh_lines(text) if WHICH[which].search(l)]
    if len(found) != 1: sys.exit(f"README.md: expected one {which} command in its ```sh blocks, found {len(found)}: {found}")
    return found[0]

if __name__ == '__main__':
    if len(sys.argv) != 2 or sys.argv[1] not in WHICH: sys.exit(__doc__)
    print(command(sys.argv[1]))
