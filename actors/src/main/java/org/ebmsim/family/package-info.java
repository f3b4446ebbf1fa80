/**
 * Model families as plug-ins. A {@link org.ebmsim.family.ModelFamily} validates and decodes its
 * protobuf spec, decodes and encodes its stored parameters, and builds an
 * {@link org.ebmsim.family.EnergyModel}: the immutable model that describes itself, says how its
 * chains are sampled, and optionally offers exact enumeration and an AIS path. The
 * {@link org.ebmsim.family.FamilyRegistry} finds the family of any spec or parameters message by
 * its protobuf type, so the gRPC services, the store and the session engine never switch on a
 * model's kind. No actors here; protobuf only at the spec/parameters boundary.
 */
package org.ebmsim.family;
