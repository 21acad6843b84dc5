/**
 * Test support: the embedded AWS services (DynamoDB Local, S3Mock) with thin wrappers for what they
 * lack, the EC2 and RDS control planes as stateful fakes served over loopback HTTP in the Query
 * protocol ({@link io.strata.support.QueryServer}; the real SDK clients reach them by endpoint
 * override), and table helpers.
 */
package io.strata.support;
