namespace HarnessBench.Core.Audit.Scanning;

/// <summary>What the audit knows about command names: which read content, which only look, which run scripts.</summary>
internal static class ShellCommands
{
    /// <summary>Print (part of) a file's content, so the content enters the agent's context.</summary>
    public static readonly HashSet<string> Readers = new(StringComparer.Ordinal)
    {
        "cat", "tac", "nl", "head", "tail", "less", "more", "most", "bat", "batcat", "view", "vi", "vim", "nvim", "nano",
        "emacs", "ed", "base64", "base32", "basenc", "xxd", "od", "hexdump", "hd", "strings", "grep", "egrep", "fgrep",
        "rg", "ag", "ack", "awk", "gawk", "mawk", "nawk", "goawk", "sed", "cut", "sort", "uniq", "diff", "cmp", "comm", "paste", "fold",
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
        "elif", "if", "while", "until", "!", "{", "unbuffer", "setsid", "chronic", "busybox", "toybox",
    };

    /// <summary>Change or remove a file without giving it new content.</summary>
    public static readonly HashSet<string> Modifiers = new(StringComparer.Ordinal)
    {
        "rm", "unlink", "shred", "chmod", "chown", "chgrp", "truncate", "rmdir", "chattr", "setfacl",
    };

    /// <summary>
    /// Programs that take a path but never print the file's content: naming a grader file with
    /// them is PROBE. Every other program given a grader file (an argument or an input
    /// redirection) is taken to read it: the list of readers cannot be complete, this one can.
    /// wc is a prober on purpose: it prints counts (wc -c only the size), not the text.
    /// </summary>
    public static readonly HashSet<string> MetadataOnly = new(StringComparer.Ordinal)
    {
        "basename", "dirname", "pathchk", "df", "findmnt", "mountpoint", "lsof", "fuser", "getfattr", "which", "whereis",
        "type", "inotifywait", "lsd", "ncdu", "broot",
    };

    /// <summary>Compilers and linkers: what they write with <c>-o</c> is the agent's own file (a binary named "test" is no test).</summary>
    public static readonly HashSet<string> Compilers = new(StringComparer.Ordinal)
    {
        "gcc", "g++", "cc", "c++", "clang", "clang++", "tcc", "nvcc", "gfortran", "rustc", "go", "ld", "zig", "ghc", "ocamlopt", "swiftc",
    };

    /// <summary>Compressors that replace FILE by FILE.gz (the original is deleted).</summary>
    public static readonly HashSet<string> Compressors = new(StringComparer.Ordinal) { "gzip", "bzip2", "xz", "lzma", "compress", "pigz", "pbzip2" };

    /// <summary>Editors scripted from the command line (vim -c, ex -sc, ed with commands on stdin, emacs --batch --eval).</summary>
    public static readonly HashSet<string> Editors = new(StringComparer.Ordinal)
    {
        "vi", "vim", "nvim", "view", "ex", "ed", "red", "nano", "emacs", "micro", "joe", "kak", "hx",
    };

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
        "awk" or "gawk" or "mawk" or "nawk" or "goawk" => "fvF",
        "sed" => "ef",
        "diff" => "UCxX",
        "tar" => "fCT",
        "ls" or "dir" => "IwT",
        "tree" => "LIP",
        "wc" or "du" => "d",
        _ => "",
    };

    public static bool IsInterpreter(string name) => InterpreterSyntax.For(name) is not null;

    public static bool IsAwk(string name) => name is "awk" or "gawk" or "mawk" or "nawk" or "goawk";

    public static bool IsKnown(string name) =>
        Readers.Contains(name) || Probers.Contains(name) || Listers.Contains(name) || Shells.Contains(name) || IsInterpreter(name)
        || Modifiers.Contains(name) || Editors.Contains(name) || Compressors.Contains(name)
        || name is "cp" or "mv" or "ln" or "tee" or "touch" or "find" or "pytest" or "source" or "echo" or "printf" or "git";
}
