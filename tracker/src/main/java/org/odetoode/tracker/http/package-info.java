/**
 * The W&B wire protocol ({@link org.odetoode.tracker.http.WandbClient}): GraphQL, file_stream and uploads,
 * with retries ({@link org.odetoode.tracker.http.RetryPolicy}), pacing and size limits
 * ({@link org.odetoode.tracker.http.UploadSettings}) and movable deadlines
 * ({@link org.odetoode.tracker.http.Deadline}).
 */
package org.odetoode.tracker.http;
