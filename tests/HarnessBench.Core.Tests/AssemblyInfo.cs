using System.Runtime.Versioning;

// The tests exercise Unix file modes, symlinks and bash (the sandbox runs on Linux engines).
[assembly: UnsupportedOSPlatform("windows")]
