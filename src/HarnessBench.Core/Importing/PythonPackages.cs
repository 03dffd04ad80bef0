using System.Text.RegularExpressions;

namespace HarnessBench.Core.Importing;

/// <summary>
/// Python packages a task installs from the Python package index, mapped onto Debian's python3-*
/// packages (installed at build time; the version is Debian's, not the pinned one). Where Debian has
/// none, the environment's build falls back to the index: the task is then available only where that
/// index is reachable, and elsewhere its cells are <c>error: task-unavailable</c> with that reason.
/// </summary>
internal static partial class PythonPackages
{
    /// <summary>Distribution names whose Debian package is not python3-&lt;name&gt;; null = Debian has none.</summary>
    private static readonly Dictionary<string, string?> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pyyaml"] = "python3-yaml",
        ["pillow"] = "python3-pil",
        ["beautifulsoup4"] = "python3-bs4",
        ["bs4"] = "python3-bs4",
        ["scikit-learn"] = "python3-sklearn",
        ["sklearn"] = "python3-sklearn",
        ["opencv-python"] = "python3-opencv",
        ["opencv-python-headless"] = "python3-opencv",
        ["python-dateutil"] = "python3-dateutil",
        ["pytz"] = "python3-tz",
        ["psycopg2-binary"] = "python3-psycopg2",
        ["z3-solver"] = "python3-z3",
        ["protobuf"] = "python3-protobuf",
        ["pycryptodome"] = "python3-pycryptodome",
        ["python-magic"] = "python3-magic",
        ["attrs"] = "python3-attr",
        ["msgpack"] = "python3-msgpack",
        ["websocket-client"] = "python3-websocket",
        ["pyzmq"] = "python3-zmq",
        ["pytest-timeout"] = "python3-pytest-timeout",
        ["pytest-asyncio"] = "python3-pytest-asyncio",
        ["pytest-mock"] = "python3-pytest-mock",
        ["ipython"] = "python3-ipython",
        ["torch"] = "python3-torch",
        ["pyarrow"] = null,
        ["polars"] = null,
        ["duckdb"] = null,
        ["tensorflow"] = null,
        ["transformers"] = null,
        ["uv"] = null,
    };

    /// <summary>The distribution name of a pip spec ("pandas==2.3.0" -> "pandas", "Foo[bar]>=1" -> "foo").</summary>
    public static string Name(string spec) => NamePart().Match(spec.Trim()).Value.ToLowerInvariant().Replace('_', '-');

    /// <summary>The Debian package to try for a pip spec, or null when Debian is known to have none.</summary>
    public static string? DebianPackage(string spec)
    {
        var name = Name(spec);
        if (Renamed.TryGetValue(name, out var debian)) return debian;
        return name.Length == 0 ? null : "python3-" + name.Replace('.', '-');
    }

    /// <summary>True when the package surely needs the index (Debian has no package for it).</summary>
    public static bool NeedsIndex(string spec) => DebianPackage(spec) is null;

    /// <summary>
    /// The build-time installer the environment runs with "spec:debian-package" arguments: Debian's
    /// package where apt knows it, else pip from the index (which fails where the index is unreachable,
    /// with a line saying so: that line becomes the task-unavailable reason).
    /// </summary>
    public const string InstallerFileName = "hb-python-packages.sh";

    public const string Installer = """
        #!/bin/sh
        # Written by `hbench tasks import`: installs the Python packages the imported task installed at run
        # time, at build time instead. Debian's python3-* package where one exists (its version, not the
        # pinned one); otherwise the Python package index, which only works where that index is reachable.
        set -u
        apt-get update >/dev/null
        debs=""
        missing=""
        for arg in "$@"; do
          spec="${arg%%:*}"
          deb="${arg#*:}"
          if [ -n "$deb" ] && apt-cache show "$deb" >/dev/null 2>&1; then
            debs="$debs $deb"
          else
            missing="$missing $spec"
          fi
        done
        if [ -n "$debs" ]; then
          apt-get install -y --no-install-recommends $debs || exit 1
        fi
        if [ -n "$missing" ]; then
          apt-get install -y --no-install-recommends python3-pip >/dev/null 2>&1 || true
          if ! python3 -m pip install --break-system-packages --no-cache-dir --retries 1 --timeout 20 $missing; then
            echo "hbench: cannot install$missing: Debian has no package for it and the Python package index is unreachable from this machine (or refused it)" >&2
            exit 1
          fi
        fi
        rm -rf /var/lib/apt/lists/*
        """;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*")]
    private static partial Regex NamePart();
}
