/** The kinds of resource a route can name, whose owning account a scoped key's request is checked against. */
export type ResourceKind = 'account' | 'app' | 'order' | 'subscription' | 'notification';
