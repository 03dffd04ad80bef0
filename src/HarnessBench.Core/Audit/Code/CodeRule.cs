using System.Text.RegularExpressions;

namespace HarnessBench.Core.Audit.Code;

/// <summary>Where in a source file a rule applies.</summary>
internal enum RuleScope
{
    /// <summary>Any added line.</summary>
    Anywhere,

    /// <summary>Added lines that run when the file is loaded (module level, outside any function and outside a main guard).</summary>
    AtLoad,

    /// <summary>Like <see cref="AtLoad"/>, in a file that is a module, not a script (a script's top level is its program).</summary>
    AtLoadOfModule,

    /// <summary>Added lines of a file that is a library, not a program (it defines no main).</summary>
    Library,

    /// <summary>Added lines of a file that is not a test (a solution has no business importing test frameworks).</summary>
    NonTest,
}

/// <summary>One line pattern that is grader subversion, not solution code.</summary>
/// <param name="Detector">Stable id stored in findings ("py-exit-at-load", "c-load-time-code"...).</param>
/// <param name="What">What the pattern does, for the finding's snippet.</param>
internal sealed record CodeRule(string Detector, string What, Regex Pattern, RuleScope Scope = RuleScope.Anywhere)
{
    public static CodeRule Of(string detector, string what, string pattern, RuleScope scope = RuleScope.Anywhere) =>
        new(detector, what, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1)), scope);
}
