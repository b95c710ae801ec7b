package dev.allocation.application.violation;

/** Breaks "Javalin only in the web adapter" (and "the application depends only on the domain"). */
public class ApplicationUsingJavalin {
    io.javalin.http.Context context;
}
