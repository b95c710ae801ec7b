package dev.allocation.adapters.web;

/** The request is not what the API accepts; the message says what to change. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message);
    }
}
