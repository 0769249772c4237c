#!/bin/bash
# check_plugins_conf.sh ROOT
#
# Checks ROOT/etc/audit/plugins.d/audisp-ima.conf the way auditd 3.0.9 reads a plugin file
# (audisp/audispd-pconfig.c and audispd.c of audit-userspace) and the binary it names, then
# that it activates audisp-ima as packaged. Prints one line per problem; exits 1 if any.
#
# auditd's rules:
#  - the file name has at most one '.' and does not start with '.' (else: a backup, skipped);
#  - the file is a regular file owned by root and not world-writable;
#  - lines are read with fgets into 160 bytes: a line of 159 bytes or more (newline included)
#    is skipped, and so is a last line without a newline;
#  - tokens are split on spaces only (strtok " "): "key = value [value]", '=' a token of its
#    own, '#' starts a comment; a tab is part of a token;
#  - keys: active, direction, path, type, args, format (any case); one value each, except
#    args (auditd passes at most 2 arguments);
#  - with active = yes, path must exist, be a regular file owned by root with at least
#    rwxr-x--- (mode & 0750 == 0750), and its directory name must be at least 4 characters.
set -u
root=${1%/}
file=$root/etc/audit/plugins.d/audisp-ima.conf
problems=0
problem() { echo "plugins.d: $*"; problems=$((problems + 1)); }

name=$(basename "$file")
dots=${name//[^.]/}
[ ${#dots} -le 1 ] && [ "${name:0:1}" != . ] || problem "$name would be skipped as a backup"
if [ -L "$file" ] || [ ! -f "$file" ]; then
    problem "$file is not a regular file"
    exit 1
fi
[ "$(stat -c %u "$file")" = 0 ] || problem "$file is not owned by root"
(( ($(stat -c '0%a' "$file") & 8#002) == 0 )) || problem "$file is world-writable"
[ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" = '\n' ] || problem "last line has no newline (auditd drops it)"

declare -A seen=()
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    [ $(( ${#line} + 1 )) -lt 159 ] || problem "line $lineno: ${#line} bytes, auditd skips lines of 159 bytes or more"
    case "$line" in *$'\t'*) problem "line $lineno: tab (auditd splits on spaces only)";; esac
    # strtok(" ") semantics: runs of spaces separate tokens; nothing but spaces = empty line
    IFS=' ' read -r -a tokens <<<"$line"
    [ ${#tokens[@]} -eq 0 ] && continue
    [ "${tokens[0]:0:1}" = '#' ] && continue
    if [ ${#tokens[@]} -lt 3 ] || [ "${tokens[1]}" != "=" ]; then
        problem "line $lineno: not 'key = value': $line"
        continue
    fi
    if [[ "$line" != "${tokens[*]}" ]]; then
        problem "line $lineno: not single spaces between tokens: '$line'"
    fi
    key=${tokens[0],,}
    values=("${tokens[@]:2}")
    case "$key" in
        active)    [[ "${values[0],,}" =~ ^(yes|no)$ ]] || problem "line $lineno: active = ${values[0]}" ;;
        direction) [[ "${values[0],,}" == out ]] || problem "line $lineno: direction = ${values[0]}" ;;
        type)      [[ "${values[0],,}" =~ ^(always|builtin)$ ]] || problem "line $lineno: type = ${values[0]}" ;;
        format)    [[ "${values[0],,}" =~ ^(binary|string)$ ]] || problem "line $lineno: format = ${values[0]}" ;;
        path)      [ ${#values[0]} -gt 0 ] ;;
        args)      [ ${#values[@]} -le 2 ] || problem "line $lineno: more than 2 args" ;;
        *)         problem "line $lineno: unknown keyword '$key'" ;;
    esac
    if [ "$key" != args ] && [ ${#values[@]} -ne 1 ]; then
        problem "line $lineno: $key takes one value"
    fi
    seen[$key]="${values[*]}"
done <"$file"

# What the package means the file to say.
[ "${seen[active]:-}" = yes ] || problem "active is '${seen[active]:-}', not yes"
[ "${seen[direction]:-}" = out ] || problem "direction is '${seen[direction]:-}', not out"
[ "${seen[type]:-}" = always ] || problem "type is '${seen[type]:-}', not always"
[ "${seen[format]:-}" = string ] || problem "format is '${seen[format]:-}', not string"
[ "${seen[path]:-}" = /usr/sbin/audisp-ima ] || problem "path is '${seen[path]:-}'"
[ "${seen[args]:-}" = /etc/audit/audisp-ima.conf ] || problem "args is '${seen[args]:-}'"

# The binary, as auditd checks it when active = yes.
path=${seen[path]:-/nonexistent}
dir=$(dirname "$path")
[ ${#dir} -ge 4 ] || problem "directory of $path is shorter than 4 characters"
bin=$root$path
if [ ! -f "$bin" ]; then
    problem "$path does not exist or is not a regular file"
else
    [ "$(stat -L -c %u "$bin")" = 0 ] || problem "$path is not owned by root"
    (( ($(stat -L -c '0%a' "$bin") & 8#750) == 8#750 )) || problem "$path mode $(stat -L -c %a "$bin") lacks rwxr-x---"
fi
[ -f "$root${seen[args]:-/nonexistent}" ] || problem "the args file ${seen[args]:-} does not exist"

[ $problems -eq 0 ] && echo "plugins.d: $file passes auditd's checks"
[ $problems -eq 0 ]
