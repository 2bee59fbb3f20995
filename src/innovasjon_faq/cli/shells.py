r"""How completion answers each shell, and the scripts that ask: one place for
both paths (the fast one in `complete.py` and Typer's in `completion.py`), so
they print the same bytes.

Candidates and their descriptions come from a collection file, which is someone
else's text: none of it may run, and each shell must get it literally.

- **bash** puts a candidate on the command line as it is, so each one is quoted
  here for bash (`k6\`id\`` — what the shell reads back is the keyword). Our
  script reads the lines into COMPREPLY with `read -r`, never through word
  splitting and globbing as Typer's `COMPREPLY=( $(…) )` does.
- **zsh**: our script (`describe_zsh`) reads `value:description` lines into an
  array and hands it to `_describe`; nothing is evaluated, and compadd quotes
  what it inserts. Typer's script (`complete_zsh`, still in the homes of users
  who installed it) evaluates `_arguments "*: :((…))"`, whose items zsh then
  evaluates again: every layer is double-quoted with `\ " $ \``
  backslash-escaped, so no expansion can happen in either.
- **fish** reads `value<TAB>description` lines and escapes what it inserts.

What the shell keeps: each shell compares the candidates with the word typed
and drops those that do not begin with it, but `faq show radm` should offer
`rådmann` and `n3` offer `N3`. A candidate that does not begin with the typed
word is therefore offered as typed — the typed word, then the rest of the value
(`radm` → `radmann`; `faq show` finds either spelling) — unless the shell is
known to keep it: bash replaces a lone candidate for the word (and keeps a
common beginning that loses nothing typed), our zsh script asks compadd to
ignore case, and fish ignores case when no candidate matches the typed case.
zsh's matcher cannot map `aa`/`oe`/`ae` to å/ø/æ, nor can fish's fuzzy matching,
so respelling is the one way that works in all three.
"""

from __future__ import annotations

from innovasjon_faq.cli.outcome import PROG
from innovasjon_faq.text import neutralise

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    Candidate = tuple[str, str]  # (value, description, or "")

VARIABLE = "_FAQ_COMPLETE"
# The requests each script sends in VARIABLE: our zsh script's own, and the ones
# Typer's scripts send (ours for bash and fish send the same).
BASH, ZSH, ZSH_TYPER, FISH = "complete_bash", "describe_zsh", "complete_zsh", "complete_fish"
REQUESTS = (BASH, ZSH, ZSH_TYPER, FISH)
# Characters bash reads as themselves outside quotes, wherever they stand in a word.
_BASH_PLAIN = frozenset("-_./+@%,:=")


def answer(
    request: str, found: Sequence[Candidate], typed: str, fish_action: str = "get-args"
) -> tuple[str, int]:
    """What to print for `request` and the exit status, given the candidates for
    the word `typed`. No candidates: the shell completes file names instead."""
    found = [(_clean(value), _clean(text)) for value, text in found]
    if request == BASH:
        return "".join(f"{bash_quote(value)}\n" for value, _ in _for_bash(found, typed)), 0
    if request == ZSH:
        items = _respell(found, typed, _starts_ignoring_case)
        return "".join(f"{_describe_item(value, text)}\n" for value, text in items), 0
    if request == ZSH_TYPER:
        items = _respell(found, typed, str.startswith)
        if not items:
            return "_files\n", 0
        words = " ".join(f'"{_double_quoted(_describe_item(v, t))}"' for v, t in items)
        return f'_arguments "{_double_quoted(f"*: :(({words}))")}"\n', 0
    if request != FISH:
        raise ValueError(f"not a completion request: {request!r}")
    if fish_action == "is-args":  # Typer's fish script: are there any (else files)?
        return "", 0 if found else 1
    lines = [f"{v}\t{t}\n" if t else f"{v}\n" for v, t in _for_fish(found, typed)]
    return "".join(lines), 0


def bash_quote(value: str) -> str:
    """`value` as bash must read it to get it back: every other character escaped."""
    return "".join(ch if ch.isalnum() or ch in _BASH_PLAIN else f"\\{ch}" for ch in value) or "''"


def _clean(text: str) -> str:
    """One line, nothing that drives a terminal (the loader already refuses
    control characters; this is the second line of defence)."""
    return neutralise(" ".join(text.split()), multiline=False)


def _describe_item(value: str, text: str) -> str:
    """An item for zsh's `_describe`, which reads `\\` and `:` as escapes."""

    def escaped(part: str) -> str:
        return part.replace("\\", "\\\\").replace(":", "\\:")

    return f"{escaped(value)}:{escaped(text)}" if text else escaped(value)


def _double_quoted(text: str) -> str:
    """The inside of a zsh (or POSIX) double-quoted string that means `text`."""
    for special in ("\\", '"', "$", "`"):
        text = text.replace(special, f"\\{special}")
    return text


def _starts_ignoring_case(value: str, typed: str) -> bool:
    return value[: len(typed)].lower() == typed.lower()


def _respell(
    found: Sequence[Candidate], typed: str, keeps: Callable[[str, str], bool]
) -> list[Candidate]:
    """The candidates, each that the shell would not keep (`keeps(value, typed)`
    false) spelled as typed; each spelling once."""
    out: list[Candidate] = []
    seen: set[str] = set()
    for value, text in found:
        if not keeps(value, typed):
            from innovasjon_faq.completion import as_typed  # not for a command's name

            value = as_typed(value, typed) or value
        if value not in seen:
            seen.add(value)
            out.append((value, text))
    return out


def _for_bash(found: list[Candidate], typed: str) -> list[Candidate]:
    """Readline puts a lone candidate in place of the word, and several
    candidates' common beginning: kept as they are while that loses nothing
    that was typed (`radm` → `rådmann`; `rad` → `råd`)."""
    if len(found) <= 1:
        return found
    common = _common_prefix([value for value, _ in found])
    if not common or common.startswith(typed):
        return found
    from innovasjon_faq.search.normalize import fold  # not for a command's name

    if fold(common).startswith(fold(typed)):
        return found
    return _respell(found, typed, str.startswith)


def _for_fish(found: list[Candidate], typed: str) -> list[Candidate]:
    """fish keeps a candidate that differs from the typed word in case only, but
    not when another matches the case too: then it is spelled as typed as well."""
    found = _respell(found, typed, _starts_ignoring_case)
    if any(value.startswith(typed) for value, _ in found):
        return _respell(found, typed, str.startswith)
    return found


def _common_prefix(values: Sequence[str]) -> str:
    first, last = min(values), max(values)
    end = 0
    while end < min(len(first), len(last)) and first[end] == last[end]:
        end += 1
    return first[:end]


# -- the scripts that `faq --show-completion SHELL` prints --------------------------

_BASH_SCRIPT = """\
_{prog}_completion() {{
    local IFS=$'\\n' word
    COMPREPLY=()
    while IFS= read -r word; do
        [[ -n $word ]] && COMPREPLY+=("$word")
    done < <(env COMP_WORDS="${{COMP_WORDS[*]}}" COMP_CWORD="$COMP_CWORD" \\
                 {variable}={bash} "$1" 2>/dev/null)
    return 0
}}

complete -o default -F _{prog}_completion {prog}
"""

# Sourced or eval'd, the file registers the function. Loaded from fpath,
# compinit runs the file as `_faq` on the first Tab: it registers the function
# for the Tabs after (else `_faq`, the file, would run again and only register
# it, the second Tab offering nothing) and answers this one.
_ZSH_SCRIPT = """\
#compdef {prog}

_{prog}_completion() {{
    local -a items
    items=("${{(@f)$(env _TYPER_COMPLETE_ARGS="${{words[1,$CURRENT]}}" \\
                       {variable}={zsh} {prog} 2>/dev/null)}}")
    items=(${{items:#}})
    if (( ${{#items}} )); then
        _describe -V -t {prog}-values '' items -M 'm:{{[:lower:][:upper:]}}={{[:upper:][:lower:]}}'
    else
        _files
    fi
}}

compdef _{prog}_completion {prog}
if [[ ${{zsh_eval_context[-1]}} == loadautofunc ]]; then
    _{prog}_completion "$@"
fi
"""

# One run of faq per Tab (Typer's script runs it twice); no candidates: file names.
_FISH_SCRIPT = """\
function __{prog}_complete
    set -l line (commandline -cp | string collect)
    set -l found (env {variable}={fish} _TYPER_COMPLETE_FISH_ACTION=get-args \\
        _TYPER_COMPLETE_ARGS="$line" {prog} 2>/dev/null | string match -v -- '')
    if set -q found[1]
        printf '%s\\n' $found
    else
        __fish_complete_path (commandline -ct)
    end
end

complete --command {prog} --no-files --arguments '(__{prog}_complete)'
"""

SCRIPTS = {"bash": _BASH_SCRIPT, "zsh": _ZSH_SCRIPT, "fish": _FISH_SCRIPT}


def script(shell: str) -> str:
    """The completion script for `shell` (one of SCRIPTS)."""
    return SCRIPTS[shell].format(prog=PROG, variable=VARIABLE, bash=BASH, zsh=ZSH, fish=FISH)
