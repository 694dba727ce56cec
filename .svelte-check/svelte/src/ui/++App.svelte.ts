///<reference types="svelte" />
;
import { createActor } from 'xstate';
import { onDestroy } from 'svelte';
import { sandboxMachine } from '../machine/sandbox.ts';
import { KINDS } from '../sim/index.ts';
function $$render() {

  
  
  
  

  const actor = createActor(sandboxMachine, { input: {} });
  let snapshot = $state(actor.getSnapshot());
  const sub = actor.subscribe((s) => (snapshot = s));
  actor.start();
  onDestroy(() => {
    sub.unsubscribe();
    actor.stop();
  });

  const world = $derived(snapshot.context.world);
  const resources = $derived(Object.values(world.resources));
;
async () => {

 { svelteHTML.createElement("main", {});
   { svelteHTML.createElement("h1", {});   }
   { svelteHTML.createElement("p", {});  { svelteHTML.createElement("code", {});world.tenant.id; } resources.length;  }
   { svelteHTML.createElement("ul", {});
       for(let r of __sveltets_2_ensureArray(resources)){r.id;
       { svelteHTML.createElement("li", {});KINDS[r.kind].label; r.name; }
    }
   }
 }
};
return { props: {} as Record<string, never>, exports: {}, bindings: __sveltets_$$bindings(''), slots: {}, events: {} }}
const App__SvelteComponent_ = __sveltets_2_fn_component($$render());
/*Ωignore_startΩ*/type App__SvelteComponent_ = ReturnType<typeof App__SvelteComponent_>;
/*Ωignore_endΩ*/export default App__SvelteComponent_;