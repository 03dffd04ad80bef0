using HarnessBench.Cli;

return await CliApp.RunAsync(args);
