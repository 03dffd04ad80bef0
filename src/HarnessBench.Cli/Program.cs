// Placeholder entry point; the command tree is wired in Cli/Commands.
return 0;
