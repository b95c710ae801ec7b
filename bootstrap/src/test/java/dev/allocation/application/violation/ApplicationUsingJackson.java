package dev.allocation.application.violation;

/** Breaks "JSON only in the adapters". */
public class ApplicationUsingJackson {
    com.fasterxml.jackson.databind.ObjectMapper mapper;
}
