// Actor logic lives in modules that every thread imports; actors are spawned by name.
import { assign, setup } from 'xstate';
import { actorContext } from 'cybernetes';

export const actors = {
  greeter: setup({}).createMachine({
    context: { greeted: 0 },
    initial: 'waiting',
    states: {
      waiting: {
        on: {
          greet: {
            target: 'greeted',
            actions: [
              assign({ greeted: ({ context }) => context.greeted + 1 }),
              ({ context, event, self }) => actorContext(self).reply(`hello ${event.name}, visitor #${context.greeted}`),
            ],
          },
        },
      },
      greeted: { on: { greet: { target: 'waiting', reenter: true, actions: ({ event, self }) => actorContext(self).reply(`hello again, ${event.name}`) } } },
    },
  }),
};
