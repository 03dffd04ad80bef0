namespace HarnessBench.Core.Audit.Scanning;

/// <summary>What the audit knows about command names: which read content, which only look, which run scripts.</summary>
internal static class ShellCommands
{
    /// <summary>Print (part of) a file's content, so the content enters the agent's context.</summary>
    public static readonly HashSet<string> Readers = new(StringComparer.Ordinal)
    {
        "cat", "tac", "nl", "head", "tail", "less", "more", "most", "bat", "batcat", "view", "vi", "vim", "nvim", "nano",
        "emacs", "ed", "base64", "base32", "basenc", "xxd", "od", "hexdump", "hd", "strings", "grep", "egrep", "fgrep",
        "rg", "ag", "ack", "awk", "gawk", "mawk", "sed", "cut", "sort", "uniq", "diff", "cmp", "comm", "paste", "fold",
        "fmt", "pr", "iconv", "jq", "yq", "column", "expand", "rev", "tar", "zcat", "gunzip", "dd", "pygmentize", "sdiff", "curl",
    };

    /// <summary>Reveal that a file exists, its size or hash, or a directory's entries, not the content.</summary>
    public static readonly HashSet<string> Probers = new(StringComparer.Ordinal)
    {
        "ls", "dir", "vdir", "tree", "stat", "file", "wc", "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum",
        "sha512sum", "b2sum", "cksum", "sum", "du", "test", "[", "realpath", "readlink", "lsattr", "namei", "exa", "eza",
        "ll", "getfacl", "cd", "pushd",
    };

    /// <summary>Listing commands: their output names files (scanned for grader paths).</summary>
    public static readonly HashSet<string> Listers = new(StringComparer.Ordinal)
    {
        "ls", "dir", "vdir", "tree", "find", "fd", "fdfind", "locate", "du", "exa", "eza", "ll", "mlocate", "plocate",
    };

    public static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "fish" };

    /// <summary>Words that only wrap the real command.</summary>
    public static readonly HashSet<string> Prefixes = new(StringComparer.Ordinal)
    {
        "sudo", "env", "time", "nice", "nohup", "command", "exec", "builtin", "stdbuf", "ionice", "then", "do", "else",
        "elif", "if", "while", "until", "!", "{", "unbuffer", "setsid", "chronic",
    };

    /// <summary>Change or remove a file without giving it new content.</summary>
    public static readonly HashSet<string> Modifiers = new(StringComparer.Ordinal) { "rm", "unlink", "shred", "chmod", "chown", "chgrp", "truncate" };

    /// <summary>Short options that take the next word as their value, per command (so the value is not taken for a file).</summary>
    public static string ValueOptions(string command) => command switch
    {
        "head" or "tail" => "nc",
        "grep" or "egrep" or "fgrep" or "rg" or "ag" or "ack" => "efmABCg",
        "cut" => "dfcb",
        "sort" => "ktoS",
        "od" => "tAjNw",
        "xxd" => "lscgo",
        "hexdump" or "hd" => "nsef",
        "base64" or "base32" => "w",
        "strings" => "nte",
        "awk" or "gawk" or "mawk" => "fvF",
        "sed" => "ef",
        "diff" => "UCxX",
        "tar" => "fCT",
        "ls" or "dir" => "IwT",
        "tree" => "LIP",
        "wc" or "du" => "d",
        _ => "",
    };

    public static bool IsInterpreter(string name) =>
        name.StartsWith("python", StringComparison.Ordinal) || name is "pypy" or "pypy3" or "node" or "nodejs" or "deno" or "bun" or "perl" or "ruby" or "php";

    public static bool IsKnown(string name) =>
        Readers.Contains(name) || Probers.Contains(name) || Listers.Contains(name) || Shells.Contains(name) || IsInterpreter(name)
        || Modifiers.Contains(name) || name is "cp" or "mv" or "ln" or "tee" or "touch" or "find" or "pytest" or "source" or "echo" or "printf";
}
