/** Controllers of apps, capabilities and DAU usage. */
export const APPLICATION_CONTROLLERS: any[] = [];
