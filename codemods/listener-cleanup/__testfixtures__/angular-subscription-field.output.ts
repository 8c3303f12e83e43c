import { Component, OnDestroy, OnInit } from '@angular/core';
import { Subscription } from 'rxjs';
import { Clock } from './clock';

@Component({ selector: 'app-clock', template: '' })
export class ClockComponent implements OnInit, OnDestroy {
  private tick?: Subscription;

  constructor(private readonly clock: Clock) {}

  ngOnInit(): void {
    this.tick = this.clock.ticks$.subscribe((time) => console.log(time));
  }

  ngOnDestroy(): void {
    console.log('bye');
    this.tick?.unsubscribe();
  }
}
