/**
 * Not API: the writer thread, the background sender, the uploader shared by the sender and sync,
 * and helpers. May change without notice.
 */
package org.odetoode.tracker.internal;
