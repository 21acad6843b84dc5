/** Test support: the embedded AWS services and table helpers. */
package io.strata.support;
