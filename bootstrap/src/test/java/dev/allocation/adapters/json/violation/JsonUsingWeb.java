package dev.allocation.adapters.json.violation;

/** Breaks "adapters never depend on each other", from the shared JSON parser: others may use it, not it them. */
public class JsonUsingWeb {
    dev.allocation.adapters.web.conforming.WebClass web;
}
