package uk.org.phobos.agency.core.api;

/** The CLI an agent runs tasks with, as its {@code /status} shows it. */
public record RunnerInfo(String kind, String binary, String version) {}
