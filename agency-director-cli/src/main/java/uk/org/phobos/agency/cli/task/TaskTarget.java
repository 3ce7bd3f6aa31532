package uk.org.phobos.agency.cli.task;

import java.net.URI;

/**
 * Where a task should go, as the options say: an agent ({@code --agent}, else the one holding {@code
 * --session}, else the first idle one), and maybe the web view first ({@code --via-web}).
 */
public record TaskTarget(URI agent, URI webView, boolean newSession) {}
